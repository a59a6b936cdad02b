package lb.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * An exact histogram of durations, lock-free: one adder per bucket. Payara's MicroProfile Timer
 * cannot serve here: its Prometheus buckets are counted from a sample of at most 1028 recent
 * values (after 3,000 observations its {@code le="0.005"} bucket read 514 of 1,500) and it takes
 * a lock per update.
 */
final class Buckets {
    private final long[] upperNanos;
    private final LongAdder[] counts;
    private final LongAdder sumNanos = new LongAdder();

    /** @param upperBounds ascending, in seconds; a last bucket (+Inf) is added */
    Buckets(double[] upperBounds) {
        upperNanos = new long[upperBounds.length];
        for (int i = 0; i < upperBounds.length; i++) {
            upperNanos[i] = Math.round(upperBounds[i] * 1e9);
            if (i > 0 && upperNanos[i] <= upperNanos[i - 1]) {
                throw new IllegalArgumentException("upper bounds must ascend: " + java.util.Arrays.toString(upperBounds));
            }
        }
        counts = new LongAdder[upperBounds.length + 1];
        for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
    }

    void observe(long nanos) {
        int i = 0;
        while (i < upperNanos.length && nanos > upperNanos[i]) i++;
        counts[i].increment();
        sumNanos.add(nanos);
    }

    /** Observations at most the i-th upper bound; i = the number of bounds gives every observation (+Inf). */
    long cumulative(int i) {
        long n = 0;
        for (int j = 0; j <= i; j++) n += counts[j].sum();
        return n;
    }

    long count() {
        return cumulative(counts.length - 1);
    }

    double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }
}
