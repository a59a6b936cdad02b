package lb.retry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps retries at a share of requests, so a failing pool is not hit twice as hard (Finagle's
 * and Envoy's retry budget). A token bucket: every request puts in {@code percent}/100 of a
 * token, every retry takes one whole token. It starts with {@link #INITIAL} tokens, so a quiet
 * balancer can still retry its first failures, and saves up to {@link #CAPACITY}, so a busy one
 * can retry a burst (the requests in flight on a backend that just died) while a pool that
 * keeps failing gets no more than the share in the long run. Counts in hundredths of a token,
 * in one atomic, so a request costs one CAS and no clock.
 */
public final class RetryBudget {
    static final long INITIAL = 10;
    static final long CAPACITY = 100;
    private static final long TOKEN = 100;
    private final AtomicLong hundredths = new AtomicLong(INITIAL * TOKEN);

    /** A request arrived: it earns {@code percent} hundredths of a token. */
    public void deposit(int percent) {
        long n;
        do {
            n = hundredths.get();
            if (n >= CAPACITY * TOKEN) return;
        } while (!hundredths.compareAndSet(n, Math.min(CAPACITY * TOKEN, n + percent)));
    }

    /** Takes a token for one retry, if there is one. */
    public boolean tryWithdraw() {
        long n;
        do {
            n = hundredths.get();
            if (n < TOKEN) return false;
        } while (!hundredths.compareAndSet(n, n - TOKEN));
        return true;
    }
}
