package lb.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses byte sizes written as in nginx: 512, 8k, 1m (k and m are 1024 and 1024²). */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})\\s*([km]?)");

    private Sizes() {
    }

    /** A bare number is bytes. Zero is refused: a limit of nothing refuses everything. */
    public static int parse(String text) throws BadValueException {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new BadValueException("expected a size such as 512, 8k or 1m");
        }
        long bytes = Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "k" -> 1024L;
            case "m" -> 1024L * 1024;
            default -> 1L;
        };
        if (bytes == 0 || bytes > Integer.MAX_VALUE) {
            throw new BadValueException("a size must be between 1 byte and 2047m");
        }
        return (int) bytes;
    }

    /** The shortest exact form, for logs and the admin page: 8k, not 8192. */
    public static String format(int bytes) {
        if (bytes % (1024 * 1024) == 0) return bytes / (1024 * 1024) + "m";
        if (bytes % 1024 == 0) return bytes / 1024 + "k";
        return Integer.toString(bytes);
    }
}
