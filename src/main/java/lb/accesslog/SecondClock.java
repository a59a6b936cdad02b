package lb.accesslog;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A time as text to the second, formatted once per second: lines come in the thousands per
 * second, and a {@link DateTimeFormatter} costs a microsecond a call. One per layout, so one thread.
 */
final class SecondClock {
    private final DateTimeFormatter format;
    private long second = Long.MIN_VALUE;
    private String text;

    SecondClock(String pattern, ZoneId zone) {
        this.format = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).withZone(zone);
    }

    String at(long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000);
        if (s != second) {
            text = format.format(Instant.ofEpochSecond(s));
            second = s;
        }
        return text;
    }
}
