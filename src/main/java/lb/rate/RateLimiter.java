package lb.rate;

import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Per-client request rates (nginx's {@code limit_req} with {@code nodelay}): a request within its
 * client's rate and burst goes on at once, one over it is refused, never delayed.
 */
@ApplicationScoped
public class RateLimiter {
    private static final long SECOND = 1_000_000_000L;

    private final LongSupplier clock;
    private final BucketStore store;

    public RateLimiter() {
        this(sinceNow(), new MemoryBucketStore());
    }

    /** @param clock nanoseconds, never negative */
    RateLimiter(LongSupplier clock, BucketStore store) {
        this.clock = clock;
        this.store = store;
    }

    /** The stores keep times as plain numbers that only grow: nanoseconds since the limiter began. */
    private static LongSupplier sinceNow() {
        long origin = System.nanoTime();
        return () -> System.nanoTime() - origin;
    }

    /**
     * @param rate     a limit in force ({@link RateSettings#enabled()}); without one, ask nothing
     * @param capacity the most clients to keep buckets for ({@code lb.rate.max-clients})
     * @return 0 when the request may go on; otherwise the whole seconds until it could, at least 1
     *         (the {@code Retry-After} value)
     */
    public long retryAfter(RateSettings rate, BucketKey key, int capacity) {
        long wait = store.take(key, rate, clock.getAsLong(), capacity);
        return (wait + SECOND - 1) / SECOND;
    }
}
