package lb.rate;

/**
 * Where the clients' buckets are kept: this balancer's memory now ({@link MemoryBucketStore});
 * a store shared by the instances of a cluster can take its place without the limiter changing.
 */
public interface BucketStore {
    /**
     * Takes one request's worth from the bucket of {@code key} at {@code now}, if it has room
     * under {@code rate}.
     *
     * @param now      nanoseconds on the store's clock, never negative
     * @param capacity the most buckets to keep ({@code lb.rate.max-clients})
     * @return 0 when taken; otherwise the nanoseconds until it could be
     */
    long take(BucketKey key, RateSettings rate, long now, int capacity);
}
