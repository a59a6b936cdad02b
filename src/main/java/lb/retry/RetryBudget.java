package lb.retry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps retries at a share of requests, so a failing pool is not hit twice as hard (Finagle's
 * and Envoy's retry budget). A token bucket: every request puts in {@code percent}/100 of a
 * token, every retry takes one whole token. The bucket holds at most {@link #CAPACITY} tokens
 * and starts full, so a quiet balancer can still retry its first few failures. Counts in
 * hundredths of a token, in one atomic, so a request costs one CAS and no clock.
 */
public final class RetryBudget {
    static final long CAPACITY = 10;
    private static final long TOKEN = 100;
    private final AtomicLong hundredths = new AtomicLong(CAPACITY * TOKEN);

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
