package lb.proxy;

import java.util.List;

import lb.balancing.Backend;

/**
 * Everything about one attempt that the HTTP client must send exactly as built: the method,
 * the request target byte for byte and the header lines in order.
 */
final class OutboundRequest {
    /** {@link #bodyLength()} of a request without a body. */
    static final long NO_BODY = -2;
    /** {@link #bodyLength()} of a body of unknown length, sent chunked. */
    static final long CHUNKED = -1;

    private final String method;
    private final Backend backend;
    private final String target;
    private final List<Header> headers;
    private final long bodyLength;
    private volatile boolean responseComplete;
    private volatile Runnable dropConnection = () -> {
    };

    OutboundRequest(String method, Backend backend, String target, List<Header> headers, long bodyLength) {
        this.method = method;
        this.backend = backend;
        this.target = target;
        this.headers = headers;
        this.bodyLength = bodyLength;
    }

    String method() {
        return method;
    }

    Backend backend() {
        return backend;
    }

    /** Origin-form target: the backend's base path, then the client's path and query, untouched. */
    String target() {
        return target;
    }

    List<Header> headers() {
        return headers;
    }

    long bodyLength() {
        return bodyLength;
    }

    boolean hasBody() {
        return bodyLength != NO_BODY;
    }

    /** Set by the HTTP client while this attempt runs: closes its backend connection at once. */
    void onDrop(Runnable drop) {
        dropConnection = drop;
    }

    /**
     * The client failed while its body was being sent on: cut the backend connection before the
     * HTTP client closes the body cleanly (a chunked body would end with its last chunk and look
     * whole to the backend).
     */
    void dropConnection() {
        dropConnection.run();
    }

    /** Set once the whole response body was read: only then may the connection be reused. */
    void markResponseComplete() {
        responseComplete = true;
    }

    boolean responseComplete() {
        return responseComplete;
    }
}
