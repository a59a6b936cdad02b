package lb.client;

import java.util.List;

import lb.retry.RetryPolicy;

/**
 * One request as the backend must receive it: the method, the request target byte for byte and
 * the header lines in order. Jersey would join repeated headers and re-encode the target, so the
 * connector takes the request from this property of the invocation instead.
 *
 * @param bodyLength the body's length, {@link #CHUNKED} or {@link #NO_BODY}
 */
public record ExactRequest(String method, String target, List<Header> headers, long bodyLength) {
    /** The invocation property that carries it to {@link ExactConnector}. */
    public static final String PROPERTY = ExactRequest.class.getName();
    /** {@link #bodyLength()} of a request without a body. */
    public static final long NO_BODY = -2;
    /** {@link #bodyLength()} of a body of unknown length, sent chunked. */
    public static final long CHUNKED = -1;

    public boolean hasBody() {
        return bodyLength != NO_BODY;
    }

    /** Whether body bytes follow the head: not without a body, nor with {@code Content-Length: 0}. */
    public boolean bodyFollows() {
        return bodyFollows(bodyLength);
    }

    /** {@link #bodyFollows()} for a body length, before any request is built from it. */
    public static boolean bodyFollows(long bodyLength) {
        return bodyLength != NO_BODY && bodyLength != 0;
    }

    /** Safe to send a second time as it is: idempotent, and no body the first attempt consumed. */
    boolean repeatable() {
        return RetryPolicy.isIdempotent(method) && !bodyFollows();
    }
}
