package lb.guard;

/** What {@link RequestGuard} looks at: the request line and the header fields, as received. */
public interface RequestHead {
    String method();

    /** The request target: path and query, not decoded. */
    String target();

    /** "HTTP/1.1", "HTTP/1.0" ... */
    String protocol();

    /** Each header name once. */
    Iterable<String> names();

    /** Every value of a header, one per field line, in order. */
    Iterable<String> values(String name);

    /**
     * The request line and header lines exactly as received, or null when the server does not
     * keep them. Consulted only for what the server hides: on Payara a Content-Length followed by
     * Transfer-Encoding: chunked is removed from the headers.
     */
    String raw();
}
