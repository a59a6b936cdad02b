package lb.balancing;

/** No backend can take the request now; the message says why, for a 503 body. */
public final class Unavailable extends Exception {
    private final boolean queue;

    /** @param queue true when backends are fit but at their limits (the queue is full, or the wait too long) */
    public Unavailable(String message, boolean queue) {
        super(message, null, false, false);
        this.queue = queue;
    }

    public boolean queue() {
        return queue;
    }
}
