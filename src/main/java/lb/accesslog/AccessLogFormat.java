package lb.accesslog;

import java.time.ZoneId;
import java.util.Locale;

import lb.config.BadValueException;

/** The line formats {@code lb.access-log.format} names. */
public enum AccessLogFormat {
    /** nginx's {@code combined}, then the balancer's own fields as {@code name=value}. */
    COMBINED,
    /** One JSON object per line, with the same fields. */
    JSON;

    public static AccessLogFormat parse(String text) throws BadValueException {
        for (AccessLogFormat f : values()) {
            if (f.toString().equals(text.trim().toLowerCase(Locale.ROOT))) return f;
        }
        throw new BadValueException("expected combined or json");
    }

    LineLayout layout(ZoneId zone) {
        return this == COMBINED ? new CombinedLayout(zone) : new JsonLayout(zone);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
