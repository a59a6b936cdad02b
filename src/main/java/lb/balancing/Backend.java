package lb.balancing;

/**
 * One configured backend. Two entries with the same URL are two backends (the list is a
 * multiset, as in nginx's upstream block), so identity is the position in the list.
 *
 * @param index    position in {@code lb.backends}, 0-based
 * @param url      the entry as configured, for logs and error bodies
 * @param scheme   http or https, lower case
 * @param host     host name or address ({@code [::1]} keeps its brackets)
 * @param port     explicit or the scheme's default
 * @param basePath prefix put before every forwarded path, without a trailing slash ("" for none)
 * @param weight   share of the traffic relative to the others ({@code ;weight=N}, default 1); 0 means drained
 */
public record Backend(int index, String url, String scheme, String host, int port, String basePath, int weight) {

    /** scheme://host:port, the origin connections go to. */
    public String origin() {
        return scheme + "://" + host + ":" + port;
    }

    /** The Host header a backend expects: the port only when it is not the scheme's default. */
    public String hostHeader() {
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return defaultPort ? host : host + ":" + port;
    }

    @Override
    public String toString() {
        return url;
    }
}
