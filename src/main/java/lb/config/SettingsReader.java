package lb.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

import lb.accesslog.AccessLogFormat;
import lb.accesslog.AccessLogSettings;
import lb.balancing.Backend;
import lb.balancing.BalancingSettings;
import lb.client.TlsSettings;
import lb.health.HealthSettings;
import lb.health.OutlierSettings;
import lb.health.StatusSet;
import lb.lifecycle.ShutdownSettings;
import lb.limit.LimitSettings;
import lb.rate.RateKey;
import lb.rate.RateSettings;
import lb.rate.RequestRate;
import lb.retry.RetrySettings;
import lb.strategy.HashKey;
import lb.strategy.StrategyKind;
import lb.tunnel.UpgradeSettings;

/**
 * Turns raw configuration values into {@link Settings}. A bad value is logged with its key and
 * the exact value, and the last good value of that key stays in force (the default when there
 * has never been a good one). The backend list is all or nothing.
 */
public final class SettingsReader {
    private static final Logger LOG = Logger.getLogger(SettingsReader.class.getName());

    /** RFC 9110 token: a header or cookie name. */
    public static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    /** The prefix of the top-level request rate keys, and the name of their buckets. */
    static final String RATE_SCOPE = "lb.rate";
    private static final Parser<Integer> BURST = range(0, 1_000_000);

    /** Where raw values come from: MicroProfile Config in the server, a map in unit tests. */
    @FunctionalInterface
    public interface Source {
        Optional<String> get(String key);
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(String text) throws BadValueException;
    }

    private SettingsReader() {
    }

    /** @param previous the settings in force, or null at start-up */
    public static Settings read(Source source, Settings previous) {
        Backends backends = readBackends(source, previous);
        return new Settings(
                backends.list,
                backends.reason,
                value(source, Key.TIMEOUT_CONNECT, Durations::parse, previous, Settings::connectTimeout),
                value(source, Key.TIMEOUT_READ, Durations::parse, previous, Settings::readTimeout),
                value(source, Key.PRESERVE_HOST, SettingsReader::parseBoolean, previous, Settings::preserveHost),
                value(source, Key.ADMIN_PREFIX, SettingsReader::parsePrefix, previous, Settings::adminPrefix),
                value(source, Key.CONFIG_POLL, Durations::parse, previous, Settings::configPoll),
                balancing(source, previous, backends.list),
                health(source, previous),
                outlier(source, previous),
                new RetrySettings(
                        value(source, Key.RETRY_ATTEMPTS, range(0, 10), previous, s -> s.retry().attempts()),
                        value(source, Key.RETRY_BUDGET, SettingsReader::parsePercent, previous, s -> s.retry().budgetPercent())),
                new LimitSettings(
                        value(source, Key.BACKEND_MAX_REQUESTS, range(0, 1_000_000), previous, s -> s.backendLimits().maxRequests()),
                        value(source, Key.QUEUE_SIZE, range(0, 1_000_000), previous, s -> s.backendLimits().queueSize()),
                        value(source, Key.QUEUE_TIMEOUT, Durations::parse, previous, s -> s.backendLimits().queueTimeout())),
                value(source, Key.TRUSTED_PROXIES, Cidr::parseList, previous, Settings::trustedProxies),
                new Limits(
                        value(source, Key.LIMIT_REQUEST_LINE, Sizes::parse, previous, s -> s.limits().requestLine()),
                        value(source, Key.LIMIT_REQUEST_HEADERS, Sizes::parse, previous, s -> s.limits().requestHeaders()),
                        value(source, Key.LIMIT_RESPONSE_HEADERS, Sizes::parse, previous, s -> s.limits().responseHeaders()),
                        value(source, Key.CLIENT_MAX_CONNECTIONS, SettingsReader::parseCount, previous,
                                s -> s.limits().clientMaxConnections())),
                new ShutdownSettings(
                        value(source, Key.SHUTDOWN_DRAIN, Durations::parseOrZero, previous, s -> s.shutdown().drain()),
                        value(source, Key.SHUTDOWN_GRACE, Durations::parseOrZero, previous, s -> s.shutdown().grace())),
                value(source, Key.METRICS_ALLOW, SettingsReader::parseAllowList, previous, Settings::metricsAllow),
                new UpgradeSettings(
                        value(source, Key.UPGRADE, SettingsReader::parseBoolean, previous, s -> s.upgrade().enabled()),
                        value(source, Key.WEBSOCKET_IDLE, Durations::parse, previous, s -> s.upgrade().idle())),
                rate(source, previous),
                value(source, Key.RATE_MAX_CLIENTS, range(1, 10_000_000), previous, Settings::rateMaxClients),
                tls(source, previous),
                accessLog(source, previous));
    }

    private static RateSettings rate(Source source, Settings previous) {
        RateSettings defaults = new RateSettings(RATE_SCOPE, parseDefault(Key.RATE_LIMIT, RequestRate::parse),
                parseDefault(Key.RATE_BURST, BURST), parseDefault(Key.RATE_KEY, RateKey::parse));
        return rate(source, RATE_SCOPE, defaults, previous == null ? null : previous.rate());
    }

    /**
     * The request rate settings under {@code scope}: {@code scope.limit}, {@code .burst} and
     * {@code .key}. A key not set takes its value from {@code inherited} (the defaults for the
     * top-level {@code lb.rate}; a route will inherit the top-level settings); a bad one keeps
     * its value in {@code previous}.
     */
    static RateSettings rate(Source source, String scope, RateSettings inherited, RateSettings previous) {
        RateSettings kept = previous != null ? previous : inherited;
        return new RateSettings(scope,
                value(source, scope + ".limit", RequestRate::parse, inherited.limit(), kept.limit()),
                value(source, scope + ".burst", BURST, inherited.burst(), kept.burst()),
                value(source, scope + ".key", RateKey::parse, inherited.key(), kept.key()));
    }

    /**
     * The trust store is read whenever the configuration is, so a changed file is seen with the
     * next change of any key. The same settings as before are the same object: the client builds
     * a new TLS context, and drops its connections, only when they differ.
     */
    private static TlsSettings tls(Source source, Settings previous) {
        boolean verify = value(source, Key.TLS_VERIFY, SettingsReader::parseBoolean, previous, s -> s.tls().verify());
        if (!verify) {
            LOG.warning(() -> Key.TLS_VERIFY.key() + " is false: certificates of https backends are not checked, nor the"
                    + " names in them, so anyone on the way to a backend can pose as it");
        }
        String path = source.get(Key.TLS_TRUST_STORE.key()).orElse("").trim();
        TlsSettings next;
        if (path.isEmpty()) {
            next = new TlsSettings("", List.of(), verify);
        } else {
            try {
                next = new TlsSettings(path, TrustStoreFile.read(path, source.get(Key.TLS_TRUST_STORE_PASSWORD.key()).orElse("")),
                        verify);
            } catch (BadValueException e) {
                TlsSettings kept = previous != null ? previous.tls() : TlsSettings.DEFAULT;
                LOG.severe(() -> "bad value for " + Key.TLS_TRUST_STORE.key() + " '" + path + "': " + e.getMessage()
                        + "; keeping " + (kept.trustStore().isEmpty() ? "(none)" : kept.trustStore()));
                next = new TlsSettings(kept.trustStore(), kept.trusted(), verify);
            }
        }
        return previous != null && previous.tls().equals(next) ? previous.tls() : next;
    }

    private static AccessLogSettings accessLog(Source source, Settings previous) {
        return new AccessLogSettings(
                value(source, Key.ACCESS_LOG_PATH, String::trim, previous, s -> s.accessLog().path()),
                value(source, Key.ACCESS_LOG_FORMAT, AccessLogFormat::parse, previous, s -> s.accessLog().format()),
                value(source, Key.ACCESS_LOG_MAX_SIZE, SettingsReader::parseSizeOrZero, previous, s -> s.accessLog().maxSize()),
                value(source, Key.ACCESS_LOG_FILES, range(2, 1000), previous, s -> s.accessLog().files()));
    }

    private static BalancingSettings balancing(Source source, Settings previous, List<Backend> backends) {
        BalancingSettings b = new BalancingSettings(
                value(source, Key.STRATEGY, StrategyKind::parse, previous, s -> s.balancing().strategy()),
                value(source, Key.HASH_KEY, HashKey::parse, previous, s -> s.balancing().hashKey()),
                value(source, Key.STICKY_COOKIE, SettingsReader::parseCookieName, previous, s -> s.balancing().stickyCookie()),
                value(source, Key.SLOW_START, Durations::parseOrZero, previous, s -> s.balancing().slowStart()),
                value(source, Key.PANIC_THRESHOLD, SettingsReader::parsePercent, previous, s -> s.balancing().panicThreshold()));
        boolean weighted = backends.stream().anyMatch(x -> x.weight() != 1);
        if (weighted && b.strategy() == StrategyKind.ROUND_ROBIN) {
            LOG.warning(() -> Key.BACKENDS.key() + " gives weights, which " + Key.STRATEGY.key()
                    + " round-robin ignores (but for weight=0); use weighted-round-robin to honour them");
        }
        return b;
    }

    private static HealthSettings health(Source source, Settings previous) {
        return new HealthSettings(
                value(source, Key.HEALTH_PATH, SettingsReader::parseCheckPath, previous, s -> s.health().path()),
                value(source, Key.HEALTH_INTERVAL, Durations::parse, previous, s -> s.health().interval()),
                value(source, Key.HEALTH_TIMEOUT, Durations::parse, previous, s -> s.health().timeout()),
                value(source, Key.HEALTH_RISE, range(1, 100), previous, s -> s.health().rise()),
                value(source, Key.HEALTH_FALL, range(1, 100), previous, s -> s.health().fall()),
                value(source, Key.HEALTH_STATUS, StatusSet::parse, previous, s -> s.health().expected()));
    }

    private static OutlierSettings outlier(Source source, Settings previous) {
        return new OutlierSettings(
                value(source, Key.OUTLIER_CONSECUTIVE, range(0, 1000), previous, s -> s.outlier().consecutive()),
                value(source, Key.OUTLIER_BASE_EJECTION, Durations::parse, previous, s -> s.outlier().baseEjection()),
                value(source, Key.OUTLIER_MAX_EJECTION, Durations::parse, previous, s -> s.outlier().maxEjection()),
                value(source, Key.OUTLIER_MAX_EJECTION_PERCENT, SettingsReader::parsePercent, previous,
                        s -> s.outlier().maxEjectionPercent()));
    }

    private record Backends(List<Backend> list, String reason) {
    }

    private static Backends readBackends(Source source, Settings previous) {
        String raw = source.get(Key.BACKENDS.key()).orElse("");
        try {
            return new Backends(BackendListParser.parse(raw), null);
        } catch (BadValueException e) {
            String reason = Key.BACKENDS.key() + ": " + e.getMessage();
            if (previous != null && !previous.backends().isEmpty()) {
                LOG.severe(() -> "bad value for " + Key.BACKENDS.key() + " '" + raw + "': " + e.getMessage()
                        + "; keeping " + previous.backends());
                return new Backends(previous.backends(), null);
            }
            LOG.severe(() -> "bad value for " + Key.BACKENDS.key() + " '" + raw + "': " + e.getMessage()
                    + "; every request is answered 503 until it is fixed");
            return new Backends(List.of(), reason);
        }
    }

    private static <T> T value(Source source, Key key, Parser<T> parser, Settings previous, Function<Settings, T> current) {
        T byDefault = parseDefault(key, parser);
        return value(source, key.key(), parser, byDefault, previous != null ? current.apply(previous) : byDefault);
    }

    /** @return the value of {@code key}, {@code absent} when it is not set, {@code kept} when it is bad */
    private static <T> T value(Source source, String key, Parser<T> parser, T absent, T kept) {
        Optional<String> raw = source.get(key);
        if (raw.isEmpty()) {
            return absent;
        }
        try {
            return parser.parse(raw.get());
        } catch (BadValueException e) {
            LOG.severe(() -> "bad value for " + key + " '" + raw.get() + "': " + e.getMessage() + "; keeping " + show(kept));
            return kept;
        }
    }

    private static <T> T parseDefault(Key key, Parser<T> parser) {
        try {
            return parser.parse(key.defaultValue());
        } catch (BadValueException e) {
            throw new IllegalStateException("default of " + key.key() + " does not parse", e);
        }
    }

    private static String show(Object value) {
        if (value instanceof Duration d) return Durations.format(d);
        return "".equals(value) ? "(none)" : String.valueOf(value);
    }

    private static Parser<Integer> range(int min, int max) {
        return text -> {
            String t = text.trim();
            if (!t.matches("\\d{1,9}") || Integer.parseInt(t) < min || Integer.parseInt(t) > max) {
                throw new BadValueException("expected a whole number from " + min + " to " + max);
            }
            return Integer.parseInt(t);
        };
    }

    /** 20 or 20%. */
    static int parsePercent(String text) throws BadValueException {
        String t = text.trim();
        if (t.endsWith("%")) t = t.substring(0, t.length() - 1).trim();
        if (!t.matches("\\d{1,3}") || Integer.parseInt(t) > 100) {
            throw new BadValueException("expected a percentage from 0 to 100");
        }
        return Integer.parseInt(t);
    }

    /** RFC 6265 cookie-name: a token; empty switches sticky sessions off. */
    static String parseCookieName(String text) throws BadValueException {
        String t = text.trim();
        if (!t.isEmpty() && !t.matches(TOKEN)) {
            throw new BadValueException("expected a cookie name (letters, digits, and !#$%&'*+-.^_`|~)");
        }
        return t;
    }

    /** An origin-form path (/healthz, /status?full=1); empty switches active checks off. */
    static String parseCheckPath(String text) throws BadValueException {
        String t = text.trim();
        if (!t.isEmpty() && !t.matches("/[A-Za-z0-9._~!$&'()*+,;=:@/%?-]*")) {
            throw new BadValueException("expected a path starting with / such as /health");
        }
        return t;
    }

    /** Addresses and ranges, or {@code none}: MicroProfile Config takes an empty value for no value at all (the default). */
    static List<Cidr> parseAllowList(String text) throws BadValueException {
        return text.trim().equalsIgnoreCase("none") ? List.of() : Cidr.parseList(text);
    }

    /** A size, or 0 for none. */
    static int parseSizeOrZero(String text) throws BadValueException {
        return text.trim().equals("0") ? 0 : Sizes.parse(text);
    }

    static boolean parseBoolean(String text) throws BadValueException {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new BadValueException("expected true or false");
        };
    }

    static int parseCount(String text) throws BadValueException {
        String t = text.trim();
        if (!t.matches("\\d{1,9}")) {
            throw new BadValueException("expected a whole number, 0 for no limit");
        }
        return Integer.parseInt(t);
    }

    /** Normalised to start and end with one slash, so a path test is a plain startsWith. */
    static String parsePrefix(String text) throws BadValueException {
        String p = text.trim();
        if (p.isEmpty() || p.equals("/") || !p.matches("/?[A-Za-z0-9._~!$&'()*+,;=:@/-]+")) {
            throw new BadValueException("expected a path such as /_lb/");
        }
        if (!p.startsWith("/")) p = "/" + p;
        if (!p.endsWith("/")) p = p + "/";
        return p;
    }
}
