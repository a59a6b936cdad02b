package lb.observe;

/**
 * Why the balancer answered a request itself instead of passing on a backend's answer: the
 * access log's {@code why} field and the {@code reason} label of {@code lb_rejected_total}.
 */
public enum SelfAnswer {
    /** A malformed or over-limit request refused before anything was forwarded (4xx, 501). */
    GUARD("guard"),
    /** More requests in progress from one client than {@code lb.client.max-connections}. */
    CLIENT_LIMIT("client-limit"),
    /** A client over its request rate, {@code lb.rate.limit} and {@code lb.rate.burst} (429). */
    RATE_LIMIT("rate-limit"),
    /** No backend configured, or none fit (503). */
    NO_BACKEND("no-backend"),
    /** Every fit backend at its limit and the queue full, or the wait in it too long (503). */
    QUEUE("queue"),
    /** The backend failed and no retry saved the request (502, 504). */
    BACKEND_FAILED("backend-failed"),
    /** The client stopped sending its body, or sent a broken one (408, 400). */
    CLIENT_FAILED("client-failed"),
    /** The balancer is stopping and takes no new requests (503). */
    STOPPING("stopping");

    private final String label;

    SelfAnswer(String label) {
        this.label = label;
    }

    /** The word in logs and metric labels. */
    public String label() {
        return label;
    }
}
