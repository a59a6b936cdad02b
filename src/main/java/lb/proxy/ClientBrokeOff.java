package lb.proxy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * The client, not the backend, failed: it went away, or stopped sending its body for longer
 * than the server's read timeout. Nothing is retried and nothing is blamed on the backend; the
 * backend's request is dropped with the exchange.
 */
final class ClientBrokeOff extends IOException {
    private final boolean timedOut;

    ClientBrokeOff(String message, IOException cause) {
        super(message + ": " + cause, cause);
        boolean timeout = false;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            timeout |= t instanceof TimeoutException || t instanceof SocketTimeoutException;
        }
        this.timedOut = timeout;
    }

    ClientBrokeOff(String message) {
        super(message);
        this.timedOut = false;
    }

    boolean timedOut() {
        return timedOut;
    }

    /** The client's failure somewhere in the cause chain of a failed backend call, or null. */
    static ClientBrokeOff in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ClientBrokeOff c) return c;
        }
        return null;
    }
}
