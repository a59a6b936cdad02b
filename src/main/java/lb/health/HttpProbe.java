package lb.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;

/**
 * One active health check: GET the path on the backend, within the timeout, and compare the
 * status. The JDK's HttpURLConnection, not the forwarding client: checks must not wait for, or
 * take, the pooled connections requests need.
 */
final class HttpProbe {
    private HttpProbe() {
    }

    record Result(boolean passed, String outcome) {
    }

    static Result check(String url, HealthSettings settings) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) new URL(url).openConnection();
            int timeout = (int) settings.timeout().toMillis();
            c.setConnectTimeout(timeout);
            c.setReadTimeout(timeout);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestProperty("User-Agent", "lb-health-check");
            int status = c.getResponseCode();
            drain(status >= 400 ? c.getErrorStream() : c.getInputStream());
            return new Result(settings.expected().contains(status), "HTTP " + status);
        } catch (SocketTimeoutException e) {
            return new Result(false, "timed out after " + settings.timeout().toMillis() + "ms");
        } catch (ConnectException e) {
            return new Result(false, "connection refused");
        } catch (IOException e) {
            return new Result(false, e.toString());
        } finally {
            if (c != null) c.disconnect();
        }
    }

    /** Reads the small body to the end, so the connection may be kept alive for the next check. */
    private static void drain(InputStream in) throws IOException {
        if (in == null) return;
        try (in) {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // discarded: only the status counts
            }
        }
    }
}
