package lb.proxy;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

import jakarta.servlet.http.HttpServletResponse;

import lb.balancing.Backend;
import lb.client.ConnectTimeoutException;
import lb.client.TlsHandshakeException;
import lb.retry.RetryPolicy;

/** Why an attempt at a backend failed, and what the client is told (502 or 504). */
enum Failure {
    REFUSED(HttpServletResponse.SC_BAD_GATEWAY, "connection refused by"),
    TLS(HttpServletResponse.SC_BAD_GATEWAY, "TLS handshake failed with"),
    CONNECT_TIMEOUT(HttpServletResponse.SC_GATEWAY_TIMEOUT, "timed out connecting to"),
    READ_TIMEOUT(HttpServletResponse.SC_GATEWAY_TIMEOUT, "timed out waiting for a response from"),
    BROKEN(HttpServletResponse.SC_BAD_GATEWAY, "no valid response from");

    private final int status;
    private final String phrase;

    Failure(int status, String phrase) {
        this.status = status;
        this.phrase = phrase;
    }

    int status() {
        return status;
    }

    RetryPolicy.Outcome outcome() {
        return switch (this) {
            case REFUSED, TLS, CONNECT_TIMEOUT -> RetryPolicy.Outcome.NOT_CONNECTED;
            case READ_TIMEOUT -> RetryPolicy.Outcome.TIMED_OUT;
            case BROKEN -> RetryPolicy.Outcome.BROKEN;
        };
    }

    /** @param error what the attempt failed with: a TLS failure's reason is told too */
    String describe(Backend backend, Throwable error) {
        String what = phrase + " backend " + backend.url();
        if (this == TLS) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (t instanceof TlsHandshakeException tls) return what + ": " + tls.getMessage();
            }
        }
        return what;
    }

    /** Classified by the cause chain: the client wraps what the connection threw. */
    static Failure of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectTimeoutException) {
                return CONNECT_TIMEOUT;
            }
            if (t instanceof TlsHandshakeException) {
                return TLS;
            }
            if (t instanceof SocketTimeoutException) {
                return READ_TIMEOUT;
            }
            if (t instanceof ConnectException) {
                return REFUSED;
            }
        }
        return BROKEN;
    }
}
