package lb.rate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lb.config.BadValueException;

/**
 * A request rate as nginx's {@code limit_req_zone rate=} writes it ({@code 10r/s}, {@code 30r/m})
 * or as a bare number of requests per second ({@code 10}, {@code 0.5}); 0 is no limit. Kept as the
 * time one request "costs" (the GCRA emission interval), so a bucket's state is one number of
 * nanoseconds.
 *
 * @param intervalNanos nanoseconds between two requests at the rate; 0 for no limit
 */
public record RequestRate(long intervalNanos) {
    public static final RequestRate OFF = new RequestRate(0);

    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final Pattern RATE = Pattern.compile("(\\d{1,7}(?:\\.\\d{1,3})?)\\s*(r/s|r/m)?");

    public static RequestRate parse(String text) throws BadValueException {
        Matcher m = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new BadValueException("expected requests per second such as 10, 0.5, 10r/s or 30r/m; 0 for no limit");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        if (amount.signum() == 0) {
            return OFF;
        }
        BigDecimal interval = BigDecimal.valueOf("r/m".equals(m.group(2)) ? MINUTE : SECOND).divide(amount, 3, RoundingMode.HALF_UP);
        if (interval.compareTo(BigDecimal.valueOf(1000)) < 0 || interval.compareTo(BigDecimal.valueOf(MINUTE)) > 0) {
            throw new BadValueException("a rate must be between 1r/m and 1000000r/s");
        }
        return new RequestRate(interval.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    private static long interval(long per, long requests) {
        return BigDecimal.valueOf(per).divide(BigDecimal.valueOf(requests), 0, RoundingMode.HALF_UP).longValueExact();
    }

    public boolean enabled() {
        return intervalNanos > 0;
    }

    /** As it was written, in whole requests a second or a minute where that is exact: 10r/s, 90r/m, 1.234r/s; 0 when off. */
    @Override
    public String toString() {
        if (intervalNanos == 0) return "0";
        long perSecond = Math.round((double) SECOND / intervalNanos);
        if (perSecond > 0 && interval(SECOND, perSecond) == intervalNanos) return perSecond + "r/s";
        long perMinute = Math.round((double) MINUTE / intervalNanos);
        if (interval(MINUTE, perMinute) == intervalNanos) return perMinute + "r/m";
        return BigDecimal.valueOf(SECOND).divide(BigDecimal.valueOf(intervalNanos), 3, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString() + "r/s";
    }
}
