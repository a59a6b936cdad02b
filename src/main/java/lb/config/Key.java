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

    /** round-robin, weighted-round-robin, least-requests, power-of-two, random, consistent-hash. */
    STRATEGY("lb.strategy", "round-robin"),
    /** What consistent-hash hashes: client-address, path, header:NAME, cookie:NAME. */
    HASH_KEY("lb.hash.key", "client-address"),
    /** Name of the cookie that pins a client to a backend; empty for no sticky sessions. */
    STICKY_COOKIE("lb.sticky.cookie", ""),
    /** Time over which a returning backend's share grows from 10% to 100%; 0 for none. */
    SLOW_START("lb.slow-start", "0"),
    /** Below this percentage of fit backends, all of them are used (Envoy's panic mode); 0 for never. */
    PANIC_THRESHOLD("lb.panic-threshold", "0"),

    /** Path of the active health check on every backend; empty for no active checks. */
    HEALTH_PATH("lb.health.path", ""),
    HEALTH_INTERVAL("lb.health.interval", "5s"),
    HEALTH_TIMEOUT("lb.health.timeout", "2s"),
    /** Passed checks in a row that bring a down backend back. */
    HEALTH_RISE("lb.health.rise", "2"),
    /** Failed checks in a row that take a backend down. */
    HEALTH_FALL("lb.health.fall", "3"),
    /** Statuses that pass a check: 2xx, 200, 200-399, comma-separated. */
    HEALTH_STATUS("lb.health.status", "2xx"),

    /** Failures in a row (connect, reset, timeout, 5xx) that eject a backend; 0 for never. */
    OUTLIER_CONSECUTIVE("lb.outlier.consecutive", "5"),
    OUTLIER_BASE_EJECTION("lb.outlier.base-ejection", "30s"),
    OUTLIER_MAX_EJECTION("lb.outlier.max-ejection", "5m"),
    OUTLIER_MAX_EJECTION_PERCENT("lb.outlier.max-ejection-percent", "50"),

    /** Extra tries on another backend after a failure; 0 for none. */
    RETRY_ATTEMPTS("lb.retry.attempts", "1"),
    /** Retries as a percentage of requests, at most. */
    RETRY_BUDGET("lb.retry.budget", "20"),

    /** Requests in flight per backend, at most; 0 for no limit. */
    BACKEND_MAX_REQUESTS("lb.backend.max-requests", "0"),
    /** Requests waiting for a backend under its limit, at most; beyond that 503 at once. */
    QUEUE_SIZE("lb.queue.size", "100"),
    /** Longest wait in that queue before a 503. */
    QUEUE_TIMEOUT("lb.queue.timeout", "2s"),

    /** Addresses (CIDR list) whose X-Forwarded-* and Forwarded headers are believed; default none. */
    TRUSTED_PROXIES("lb.trusted-proxies", ""),
    /** Longest request line (method, target, version); longer is refused with 414. */
    LIMIT_REQUEST_LINE("lb.limit.request-line", "8k"),
    /** Largest request header section (every name: value line); larger is refused with 431. */
    LIMIT_REQUEST_HEADERS("lb.limit.request-headers", "32k"),
    /** Largest response header section from a backend; larger is answered 502. */
    LIMIT_RESPONSE_HEADERS("lb.limit.response-headers", "32k"),
    /** Requests in progress from one client address at once; more are answered 503. 0: no limit. */
    CLIENT_MAX_CONNECTIONS("lb.client.max-connections", "0"),

    /** After SIGTERM, time readiness is DOWN while requests are still taken, so a load balancer in front stops sending. */
    SHUTDOWN_DRAIN("lb.shutdown.drain", "5s"),
    /** Then the longest wait for requests in flight to finish before the server goes on stopping. */
    SHUTDOWN_GRACE("lb.shutdown.grace", "30s"),

    /** Addresses (CIDR list) that may read {prefix}metrics without logging in, or none; others need the role lb-admin. */
    METRICS_ALLOW("lb.metrics.allow", "127.0.0.0/8, ::1"),

    /** Whether a request to switch protocols (WebSocket) is passed to the backend; false forwards it as a plain request. */
    UPGRADE("lb.upgrade", "true"),
    /** Silence, both ways, after which an upgraded (WebSocket) connection is closed on both sides. */
    WEBSOCKET_IDLE("lb.websocket.idle", "1h"),

    /** Requests per second per client on average (10, 0.5, 10r/s, 30r/m); more are answered 429. 0: no limit. */
    RATE_LIMIT("lb.rate.limit", "0"),
    /** Requests a client may send at once beyond that rate, without delay (nginx's burst with nodelay). */
    RATE_BURST("lb.rate.burst", "0"),
    /** What the rate is counted by: client-address, or header:NAME (the address when it is absent). */
    RATE_KEY("lb.rate.key", "client-address"),
    /** Clients whose rate is tracked at once, at most; beyond, the least needed bucket is forgotten. */
    RATE_MAX_CLIENTS("lb.rate.max-clients", "100000"),

    /** PEM or PKCS12 file of certificates trusted for https backends besides the JDK's; empty for none. */
    TLS_TRUST_STORE("lb.tls.trust-store", ""),
    /** Password of a PKCS12 trust store; pass it as an environment variable or a secret. */
    TLS_TRUST_STORE_PASSWORD("lb.tls.trust-store-password", "", true),
    /** false accepts any certificate of an https backend, for any name (logged at WARNING). */
    TLS_VERIFY("lb.tls.verify", "true"),

    /** File the access log is written to (a java.util.logging.FileHandler pattern); empty: no access log. */
    ACCESS_LOG_PATH("lb.access-log.path", ""),
    /** combined (nginx's, plus upstream fields) or json (one object per line). */
    ACCESS_LOG_FORMAT("lb.access-log.format", "combined"),
    /** Size at which the access log moves on to a new file; 0: never (one file, rotated by other tools). */
    ACCESS_LOG_MAX_SIZE("lb.access-log.max-size", "100m"),
    /** Access log files kept, the current one included. */
    ACCESS_LOG_FILES("lb.access-log.files", "10");

    private final String name;
    private final String defaultValue;
    private final boolean secret;

    Key(String name, String defaultValue) {
        this(name, defaultValue, false);
    }

    Key(String name, String defaultValue, boolean secret) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.secret = secret;
    }

    public String key() {
        return name;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** A value never shown, not even to admins (the admin page says only that it is set). */
    public boolean secret() {
        return secret;
    }
}
