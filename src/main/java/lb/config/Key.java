package lb.config;

/**
 * Every configuration key the balancer reads, with its default, in one place. Each is a
 * MicroProfile Config property, so it can also be set as an environment variable
 * ({@code lb.timeout.read} as {@code LB_TIMEOUT_READ}), a system property or through the
 * server's admin tools.
 */
public enum Key {
    /** Comma-separated backend URLs: http(s)://host[:port][/base-path]. */
    BACKENDS("lb.backends", ""),
    /** Time to open a connection to a backend (ms, s, m, h; a bare number is ms). */
    TIMEOUT_CONNECT("lb.timeout.connect", "2s"),
    /** Longest silence while waiting for a backend's response bytes. */
    TIMEOUT_READ("lb.timeout.read", "60s"),
    /** true sends the client's Host header to the backend instead of the backend's own. */
    PRESERVE_HOST("lb.preserve-host", "false"),
    /** Path prefix of the balancer's own endpoints; never forwarded. */
    ADMIN_PREFIX("lb.admin.prefix", "/_lb/"),
    /** How often the configuration is re-read to pick up live changes. */
    CONFIG_POLL("lb.config.poll", "1s"),
    /** Addresses (CIDR list) whose X-Forwarded-* and Forwarded headers are believed; default none. */
    TRUSTED_PROXIES("lb.trusted-proxies", ""),
    /** Longest request line (method, target, version); longer is refused with 414. */
    LIMIT_REQUEST_LINE("lb.limit.request-line", "8k"),
    /** Largest request header section (every name: value line); larger is refused with 431. */
    LIMIT_REQUEST_HEADERS("lb.limit.request-headers", "32k"),
    /** Largest response header section from a backend; larger is answered 502. */
    LIMIT_RESPONSE_HEADERS("lb.limit.response-headers", "32k"),
    /** Requests in progress from one client address at once; more are answered 503. 0: no limit. */
    CLIENT_MAX_CONNECTIONS("lb.client.max-connections", "0");

    private final String name;
    private final String defaultValue;

    Key(String name, String defaultValue) {
        this.name = name;
        this.defaultValue = defaultValue;
    }

    public String key() {
        return name;
    }

    public String defaultValue() {
        return defaultValue;
    }
}
