package lb.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written as nginx and HAProxy users write them: 500ms, 2s, 1m, 1h. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)?");

    private Durations() {
    }

    /** A bare number is milliseconds, as in HAProxy. Zero and negative values are refused. */
    public static Duration parse(String text) throws BadValueException {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new BadValueException("expected a duration such as 500ms, 2s or 1m");
        }
        long amount = Long.parseLong(m.group(1));
        if (amount == 0) {
            throw new BadValueException("a duration must be greater than zero");
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** As {@link #parse}, but 0 is allowed: it switches the feature off. */
    public static Duration parseOrZero(String text) throws BadValueException {
        return text.trim().matches("0+\\s*(ms|s|m|h)?") ? Duration.ZERO : parse(text);
    }

    /** The shortest exact form, for logs and the admin page: 2s, not PT2S. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) return "0";
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
