package lb.config;

/**
 * The size and count limits in force, in bytes and requests.
 *
 * @param requestLine          longest request line (414 beyond)
 * @param requestHeaders       largest request header section (431 beyond)
 * @param responseHeaders      largest backend response header section (502 beyond)
 * @param clientMaxConnections requests in progress per client address (503 beyond); 0 for no limit
 */
public record Limits(int requestLine, int requestHeaders, int responseHeaders, int clientMaxConnections) {
}
