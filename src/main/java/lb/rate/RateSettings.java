package lb.rate;

/**
 * One request rate limit, as nginx's {@code limit_req} with {@code nodelay}: {@code limit} on
 * average, and up to {@code burst} requests more at once, per client counted by {@code key}.
 * Read from the keys under {@code scope} ({@code lb.rate} now; a route can carry its own later).
 * The scope names the buckets: settings read anew from the same scope (a reload, a changed rate)
 * keep every client's bucket, as nginx keeps a zone's state across a reload.
 *
 * @param scope the key prefix the settings come from
 */
public record RateSettings(String scope, RequestRate limit, int burst, RateKey key) {

    public boolean enabled() {
        return limit.enabled();
    }

    /** How far ahead of now a bucket's theoretical arrival time may run before a request is refused. */
    public long toleranceNanos() {
        return limit.intervalNanos() * burst;
    }
}
