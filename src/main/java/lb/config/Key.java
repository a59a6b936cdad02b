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
    CONFIG_POLL("lb.config.poll", "1s");

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
