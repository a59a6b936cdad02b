package lb.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URL;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

import lb.client.BackendTls;
import lb.client.TlsHandshakeException;

/**
 * One active health check: GET the path on the backend, within the timeout, and compare the
 * status. The JDK's HttpURLConnection, not the forwarding client: checks must not wait for, or
 * take, the pooled connections requests need. A new connection each time, never through a
 * proxy, as HAProxy checks: a check proves the backend still accepts connections.
 */
final class HttpProbe {
    private HttpProbe() {
    }

    record Result(boolean passed, String outcome) {
    }

    /** @param tls how an https backend is checked: as requests reach it (trust store, lb.tls.verify) */
    static Result check(String url, HealthSettings settings, BackendTls tls) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) new URL(url).openConnection(Proxy.NO_PROXY);
            if (c instanceof HttpsURLConnection https) {
                tls.apply(https);
            }
            int timeout = (int) settings.timeout().toMillis();
            c.setConnectTimeout(timeout);
            c.setReadTimeout(timeout);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestProperty("User-Agent", "lb-health-check");
            int status = c.getResponseCode();
            return new Result(settings.expected().contains(status), "HTTP " + status);
        } catch (SocketTimeoutException e) {
            return new Result(false, "timed out after " + settings.timeout().toMillis() + "ms");
        } catch (ConnectException e) {
            return new Result(false, "connection refused");
        } catch (SSLException e) {
            return new Result(false, "TLS handshake failed: " + TlsHandshakeException.of(e).getMessage());
        } catch (IOException e) {
            return new Result(false, e.toString());
        } finally {
            if (c != null) c.disconnect();
        }
    }
}
