package lb.client;

import java.util.List;
import java.util.Set;

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

    /** RFC 9110 9.2.2: a second attempt of these does no harm. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    public boolean hasBody() {
        return bodyLength != NO_BODY;
    }

    public boolean idempotent() {
        return IDEMPOTENT.contains(method);
    }

    /** Whether body bytes follow the head: not without a body, nor with {@code Content-Length: 0}. */
    public boolean bodyFollows() {
        return bodyLength != NO_BODY && bodyLength != 0;
    }

    /** Safe to send a second time as it is: idempotent, and no body the first attempt consumed. */
    boolean repeatable() {
        return idempotent() && !bodyFollows();
    }
}
