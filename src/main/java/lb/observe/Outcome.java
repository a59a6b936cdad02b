package lb.observe;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import lb.balancing.Endpoint;

/**
 * What happened to one request, filled in while it is served and handed to the {@link Observers}
 * at its end, on the request thread: the request is still readable there, nothing after.
 */
public final class Outcome {
    private final HttpServletRequest request;
    private final String client;
    private final long startMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private final List<Attempt> attempts = new ArrayList<>(2);
    private boolean admin;
    private SelfAnswer selfAnswer;
    private String why;
    private long bytesSent;
    private int status;
    private long totalNanos;

    /** @param client the client's address as {@code lb.trusted-proxies} resolves it */
    public Outcome(HttpServletRequest request, String client) {
        this.request = request;
        this.client = client;
    }

    /** The request; readable only until {@link Observers#requestDone} returns. */
    public HttpServletRequest request() {
        return request;
    }

    public String client() {
        return client;
    }

    /** Wall-clock time the request arrived, epoch milliseconds. */
    public long startMillis() {
        return startMillis;
    }

    public long startNanos() {
        return startNanos;
    }

    /** A request for the balancer's own endpoints under {@code lb.admin.prefix}. */
    public void markAdmin() {
        admin = true;
    }

    public boolean isAdmin() {
        return admin;
    }

    public void attempted(Endpoint endpoint, int status, boolean answered, long nanos) {
        attempts.add(new Attempt(endpoint, status, answered, nanos));
    }

    /** Every try, in order; empty when no backend was tried. */
    public List<Attempt> attempts() {
        return attempts;
    }

    /** The last try, whose answer (or failure) the client got; null when none was made. */
    public Attempt last() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }

    /** The balancer answered itself, and why (the one-line body it sent). */
    public void answeredItself(SelfAnswer reason, String why) {
        this.selfAnswer = reason;
        this.why = why;
    }

    /** Null when the client got a backend's answer (or an admin endpoint's). */
    public SelfAnswer selfAnswer() {
        return selfAnswer;
    }

    public String why() {
        return why;
    }

    public void sent(long bytes) {
        bytesSent += bytes;
    }

    /** Body bytes sent to the client. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Called once, when the answer is complete. */
    public void end(int status) {
        this.status = status;
        this.totalNanos = System.nanoTime() - startNanos;
    }

    public int status() {
        return status;
    }

    public long totalNanos() {
        return totalNanos;
    }
}
