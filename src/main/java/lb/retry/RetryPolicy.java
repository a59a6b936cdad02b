package lb.retry;

import java.util.Set;

/**
 * Which failed attempts may be sent again, to another backend. Only what cannot do harm twice:
 * a request that never reached a backend, or one that is idempotent or has no body. A request
 * body is streamed, never buffered, so once a backend may have read it, it is gone: such a
 * request is only retried if it never got a connection. A timeout is never retried: the backend
 * may still be working on it, and waiting twice as long helps nobody.
 */
public final class RetryPolicy {
    /** RFC 9110 9.2.2. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    /** What happened to the attempt. */
    public enum Outcome {
        /** No connection: nothing was sent. */
        NOT_CONNECTED,
        /** Connection reset, closed or an invalid answer, before any byte reached the client. */
        BROKEN,
        /** The backend answered 502, 503 or 504. */
        GATEWAY_ERROR,
        /** No answer in time. */
        TIMED_OUT
    }

    private RetryPolicy() {
    }

    /** RFC 9110 9.2.2: a second attempt of these does no harm. */
    public static boolean isIdempotent(String method) {
        return IDEMPOTENT.contains(method);
    }

    public static boolean isGatewayError(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    public static boolean mayRetry(String method, boolean hasBody, Outcome outcome) {
        return switch (outcome) {
            case NOT_CONNECTED -> !hasBody || isIdempotent(method);
            case BROKEN, GATEWAY_ERROR -> !hasBody;
            case TIMED_OUT -> false;
        };
    }
}
