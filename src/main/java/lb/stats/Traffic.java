package lb.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Requests, errors and latencies of one backend (or of all) over the last five minutes, in
 * 5-second slots, for the admin page: requests per second, error rate, p50 and p99, and the
 * history it draws. Recording is lock-free: a request adds to the counters of the slot of its
 * time; the first request of a new slot resets it, so a request racing with that reset may be
 * lost from the page's figures (never from the metrics, which count on their own).
 */
public final class Traffic {
    static final long SLOT_MILLIS = 5_000;
    static final int SLOTS = 60;

    private final Slot[] slots = new Slot[SLOTS];

    public Traffic() {
        for (int i = 0; i < SLOTS; i++) slots[i] = new Slot();
    }

    private static final class Slot {
        final AtomicLong window = new AtomicLong(-1);
        final AtomicLong requests = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLongArray latency = new AtomicLongArray(LatencyBuckets.COUNT);

        /** This slot for {@code w}, reset first if it still holds an older window. */
        Slot claim(long w) {
            long held = window.get();
            if (held < w && window.compareAndSet(held, w)) {
                requests.set(0);
                errors.set(0);
                for (int i = 0; i < LatencyBuckets.COUNT; i++) latency.set(i, 0);
            }
            return this;
        }
    }

    /** One finished request (or attempt) at {@code nowMillis} that took {@code nanos}. */
    public void record(long nowMillis, long nanos, boolean error) {
        long w = nowMillis / SLOT_MILLIS;
        Slot slot = slots[(int) (w % SLOTS)].claim(w);
        if (slot.window.get() != w) return; // a request older than the slot's window: dropped
        slot.requests.incrementAndGet();
        if (error) slot.errors.incrementAndGet();
        slot.latency.incrementAndGet(LatencyBuckets.index(nanos / 1_000));
    }

    /** The figures of the last {@code seconds} (a multiple of 5, at most 300) up to the current slot, which is left out as incomplete. */
    public Window last(long nowMillis, int seconds) {
        long current = nowMillis / SLOT_MILLIS;
        int n = (int) Math.min(SLOTS - 1, seconds / (SLOT_MILLIS / 1000));
        long requests = 0;
        long errors = 0;
        long[] latency = new long[LatencyBuckets.COUNT];
        for (long w = current - n; w < current; w++) {
            Slot slot = slots[(int) (w % SLOTS)];
            if (w < 0 || slot.window.get() != w) continue;
            requests += slot.requests.get();
            errors += slot.errors.get();
            for (int i = 0; i < latency.length; i++) latency[i] += slot.latency.get(i);
        }
        return new Window(n * SLOT_MILLIS / 1000.0, requests, errors, latency);
    }

    /** One point per 5-second slot over the last five minutes, oldest first, the current slot left out. */
    public List<Point> history(long nowMillis) {
        long current = nowMillis / SLOT_MILLIS;
        List<Point> points = new ArrayList<>(SLOTS - 1);
        for (long w = current - (SLOTS - 1); w < current; w++) {
            if (w < 0) continue;
            Slot slot = slots[(int) (w % SLOTS)];
            Window one;
            if (slot.window.get() == w) {
                long[] latency = new long[LatencyBuckets.COUNT];
                for (int i = 0; i < latency.length; i++) latency[i] = slot.latency.get(i);
                one = new Window(SLOT_MILLIS / 1000.0, slot.requests.get(), slot.errors.get(), latency);
            } else {
                one = new Window(SLOT_MILLIS / 1000.0, 0, 0, new long[LatencyBuckets.COUNT]);
            }
            points.add(new Point(w * SLOT_MILLIS, one.perSecond(), one.errorRate(), one.percentileMillis(0.5), one.percentileMillis(0.99)));
        }
        return points;
    }

    /** One slot of {@link #history}: when it started, and its figures (percentiles 0 without requests). */
    public record Point(long startMillis, double perSecond, double errorRate, double p50Millis, double p99Millis) {
    }

    /** Figures over a stretch of time. */
    public static final class Window {
        private final double seconds;
        private final long requests;
        private final long errors;
        private final long[] latency;

        Window(double seconds, long requests, long errors, long[] latency) {
            this.seconds = seconds;
            this.requests = requests;
            this.errors = errors;
            this.latency = latency;
        }

        public long requests() {
            return requests;
        }

        public double perSecond() {
            return seconds == 0 ? 0 : requests / seconds;
        }

        /** Errors (5xx and no answer) per request, 0 to 1; 0 without requests. */
        public double errorRate() {
            return requests == 0 ? 0 : (double) errors / requests;
        }

        /** The latency under which {@code q} (0 to 1) of the requests finished, in ms, to within 19%; 0 without requests. */
        public double percentileMillis(double q) {
            long total = 0;
            for (long c : latency) total += c;
            if (total == 0) return 0;
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < latency.length; i++) {
                seen += latency[i];
                if (seen >= Math.max(rank, 1)) return LatencyBuckets.upperBound(i) / 1000.0;
            }
            return LatencyBuckets.upperBound(latency.length - 1) / 1000.0;
        }
    }
}
