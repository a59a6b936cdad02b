package lb.config;

/**
 * Every configuration key the balancer reads, with its default, in one place. Each is a
 * MicroProfile Config property, so it can also be set as an environment variable
 * ({@code lb.timeout.read} as {@code LB_TIMEOUT_READ}), a system property or through the
 * server's admin tools.
 */
public enum Key {
    BACKENDS("lb.backends", "", "Comma-separated backend URLs: http(s)://host[:port][/base-path]."),
    TIMEOUT_CONNECT("lb.timeout.connect", "2s", "Time to open a connection to a backend (ms, s, m, h; a bare number is ms)."),
    TIMEOUT_READ("lb.timeout.read", "60s", "Longest silence while waiting for a backend's response bytes."),
    PRESERVE_HOST("lb.preserve-host", "false", "true sends the client's Host header to the backend instead of the backend's own."),
    ADMIN_PREFIX("lb.admin.prefix", "/_lb/", "Path prefix of the balancer's own endpoints; never forwarded."),
    CONFIG_POLL("lb.config.poll", "1s", "How often the configuration is re-read to pick up live changes.");

    private final String name;
    private final String defaultValue;
    private final String description;

    Key(String name, String defaultValue, String description) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return name;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
