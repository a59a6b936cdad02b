package lb.stats;

/**
 * Log-linear latency buckets: four per power of two of microseconds, so a percentile read from
 * them is within 19% of the true value, from 16 us to about 18 minutes, in 105 counters. Bucket
 * 0 holds everything under 16 us; the last everything over the range.
 */
final class LatencyBuckets {
    static final int COUNT = 105;
    private static final int FIRST_POWER = 4; // 2^4 us = 16 us
    private static final int SUB = 4;

    private LatencyBuckets() {
    }

    static int index(long micros) {
        if (micros < (1L << FIRST_POWER)) return 0;
        int power = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) ((micros >>> (power - 2)) & (SUB - 1)); // the two bits after the leading one
        int i = 1 + (power - FIRST_POWER) * SUB + sub;
        return Math.min(i, COUNT - 1);
    }

    /** The largest latency, in microseconds, that falls in bucket {@code i}: what a percentile reports. */
    static long upperBound(int i) {
        if (i == 0) return (1L << FIRST_POWER) - 1;
        int power = FIRST_POWER + (i - 1) / SUB;
        int sub = (i - 1) % SUB;
        return (1L << power) + ((long) (sub + 1) << (power - 2)) - 1;
    }
}
