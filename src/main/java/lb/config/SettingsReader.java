package lb.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

import lb.balancing.Backend;

/**
 * Turns raw configuration values into {@link Settings}. A bad value is logged with its key and
 * the exact value, and the last good value of that key stays in force (the default when there
 * has never been a good one). The backend list is all or nothing.
 */
public final class SettingsReader {
    private static final Logger LOG = Logger.getLogger(SettingsReader.class.getName());

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
                value(source, Key.TRUSTED_PROXIES, Cidr::parseList, previous, Settings::trustedProxies),
                new Limits(
                        value(source, Key.LIMIT_REQUEST_LINE, Sizes::parse, previous, s -> s.limits().requestLine()),
                        value(source, Key.LIMIT_REQUEST_HEADERS, Sizes::parse, previous, s -> s.limits().requestHeaders()),
                        value(source, Key.LIMIT_RESPONSE_HEADERS, Sizes::parse, previous, s -> s.limits().responseHeaders()),
                        value(source, Key.CLIENT_MAX_CONNECTIONS, SettingsReader::parseCount, previous,
                                s -> s.limits().clientMaxConnections())));
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
        Optional<String> raw = source.get(key.key());
        if (raw.isEmpty()) {
            return parseDefault(key, parser);
        }
        try {
            return parser.parse(raw.get());
        } catch (BadValueException e) {
            T kept = previous != null ? current.apply(previous) : parseDefault(key, parser);
            LOG.severe(() -> "bad value for " + key.key() + " '" + raw.get() + "': " + e.getMessage()
                    + "; keeping " + show(kept));
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
        return value instanceof Duration d ? Durations.format(d) : String.valueOf(value);
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
