package lb.proxy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import lb.observe.Outcome;
import lb.observe.SelfAnswer;

/**
 * The client, not the backend, failed: it went away, or stopped sending its body for longer
 * than the server's read timeout. Nothing is retried and nothing is blamed on the backend; the
 * backend's request is dropped with the exchange.
 */
final class ClientBrokeOff extends IOException {
    private static final Logger LOG = Logger.getLogger(ClientBrokeOff.class.getName());

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

    /**
     * A client too slow with its body gets 408, one whose body could not be read (cut short,
     * malformed) 400, as from nginx; one that is gone gets nothing, and once part of the answer
     * is out the connection is cut.
     */
    void answer(HttpServletRequest request, HttpServletResponse response, Outcome outcome) {
        LOG.fine(() -> "client " + request.getRemoteAddr() + " broke off " + request.getMethod() + " "
                + request.getRequestURI() + ": " + getMessage());
        if (response.isCommitted()) {
            outcome.answeredItself(SelfAnswer.CLIENT_FAILED, getMessage());
            ServerInternals.abortConnection(request);
            return;
        }
        response.reset();
        int status = timedOut ? 408 : 400;
        String why = timedOut ? "the request body did not arrive in time" : "the request body could not be read (cut short or malformed)";
        outcome.answeredItself(SelfAnswer.CLIENT_FAILED, why);
        try {
            outcome.sent(ErrorResponse.refuse(request, response, status, why));
        } catch (IOException gone) {
            ServerInternals.abortConnection(request);
        }
    }

    /** The client's failure somewhere in the cause chain of a failed backend call, or null. */
    static ClientBrokeOff in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ClientBrokeOff c) return c;
        }
        return null;
    }
}
