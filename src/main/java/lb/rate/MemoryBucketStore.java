package lb.rate;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Buckets in a map, each one {@link AtomicLong}: the GCRA "theoretical arrival time", the moment
 * the bucket would be full again. A request takes from it with one compare-and-set; a bucket
 * whose time has passed is the same as no bucket, so it can be dropped without losing anything.
 *
 * <p>At most {@code capacity} buckets are kept. A new client arriving at a full map takes the
 * place of one that is full again among the next {@value #LOOK} under a clock hand, or failing
 * that of the one of them that would be full again soonest: the least that can be forgotten
 * (nginx drops its least recently used state in the same case). A client that was dropped starts
 * again with a full bucket. Only this path takes a lock; clients already known never do.
 */
public final class MemoryBucketStore implements BucketStore {
    /** Below every real time: a bucket dropped while a request was reading it. */
    private static final long DROPPED = -1;
    static final int LOOK = 8;

    private final ConcurrentHashMap<BucketKey, AtomicLong> buckets = new ConcurrentHashMap<>();
    private final ReentrantLock making = new ReentrantLock();
    /** The clock hand; guarded by {@link #making}. */
    private Iterator<Map.Entry<BucketKey, AtomicLong>> hand = Collections.emptyIterator();

    @Override
    public long take(BucketKey key, RateSettings rate, long now, int capacity) {
        long interval = rate.limit().intervalNanos();
        long tolerance = rate.toleranceNanos();
        while (true) {
            AtomicLong bucket = buckets.get(key);
            if (bucket == null) {
                makeRoom(capacity, now);
                AtomicLong fresh = new AtomicLong();
                AtomicLong raced = buckets.putIfAbsent(key, fresh);
                bucket = raced != null ? raced : fresh;
            }
            long wait = take(bucket, now, interval, tolerance);
            if (wait != DROPPED) {
                return wait;
            }
            buckets.remove(key, bucket);
        }
    }

    /** @return 0 when taken, the nanoseconds to wait, or {@link #DROPPED} */
    private static long take(AtomicLong bucket, long now, long interval, long tolerance) {
        while (true) {
            long arrival = bucket.get();
            if (arrival == DROPPED) {
                return DROPPED;
            }
            long start = Math.max(arrival, now);
            long wait = start - tolerance - now;
            if (wait > 0) {
                return wait;
            }
            if (bucket.compareAndSet(arrival, start + interval)) {
                return 0;
            }
        }
    }

    private void makeRoom(int capacity, long now) {
        if (buckets.size() < capacity) {
            return;
        }
        making.lock();
        try {
            while (buckets.size() >= capacity && !buckets.isEmpty()) {
                dropOne(now);
            }
        } finally {
            making.unlock();
        }
    }

    private void dropOne(long now) {
        Map.Entry<BucketKey, AtomicLong> victim = null;
        long victimArrival = Long.MAX_VALUE;
        for (int i = 0; i < LOOK; i++) {
            if (!hand.hasNext()) {
                hand = buckets.entrySet().iterator();
                if (!hand.hasNext()) break;
            }
            Map.Entry<BucketKey, AtomicLong> e = hand.next();
            long arrival = e.getValue().get();
            if (arrival <= now) {
                victim = e; // full again: dropping it forgets nothing
                break;
            }
            if (arrival < victimArrival) {
                victim = e;
                victimArrival = arrival;
            }
        }
        if (victim != null) {
            // A request taking from it at this moment is let through, as if it had come just before.
            victim.getValue().set(DROPPED);
            buckets.remove(victim.getKey(), victim.getValue());
        }
    }

    /** Buckets kept, for tests. */
    int size() {
        return buckets.size();
    }

    /** Whether the bucket of {@code key} is kept, for tests. */
    boolean holds(BucketKey key) {
        return buckets.containsKey(key);
    }
}
