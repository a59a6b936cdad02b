package lb.limit;

import java.util.concurrent.atomic.AtomicInteger;

/** A count that may not pass a limit, taken without a lock. */
public final class Slots {
    private Slots() {
    }

    /** Adds one to {@code count} unless it has reached {@code max}. */
    public static boolean tryTake(AtomicInteger count, int max) {
        int n;
        do {
            n = count.get();
            if (n >= max) return false;
        } while (!count.compareAndSet(n, n + 1));
        return true;
    }
}
