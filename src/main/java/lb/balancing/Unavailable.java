package lb.balancing;

/** No backend can take the request now; the message says why, for a 503 body. */
public final class Unavailable extends Exception {
    public Unavailable(String message) {
        super(message, null, false, false);
    }
}
