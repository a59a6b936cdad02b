package lb.client;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The deadline of the blocking operation under way on one backend socket. {@link Deadlines}
 * closes the socket under an operation that overruns it; the operation then learns from
 * {@link #disarm()} that it was cut for time, not by the backend.
 */
final class Deadline {
    /** A blocking operation on the socket; {@code E} is what it may throw besides I/O errors. */
    @FunctionalInterface
    interface Blocking<T, E extends Exception> {
        T run() throws IOException, E;
    }

    private static final long NONE = Long.MIN_VALUE;
    private static final long EXPIRED = Long.MAX_VALUE;

    private final Closeable socket;
    private final AtomicLong at = new AtomicLong(NONE);

    Deadline(Closeable socket) {
        this.socket = socket;
    }

    /**
     * Runs {@code operation}, which may take {@code timeoutMillis} (0: for ever). One the watcher
     * cut short fails with {@code overran}'s exception, whatever it returned or threw: what it
     * threw then is only the watcher's close.
     */
    <T, E extends Exception> T within(int timeoutMillis, Blocking<T, E> operation, Supplier<? extends IOException> overran)
            throws IOException, E {
        arm(System.nanoTime(), timeoutMillis);
        T result;
        try {
            result = operation.run();
        } catch (Throwable e) {
            // Whatever it is (an I/O error, a malformed head, ...), it may be only the watcher's close.
            if (!disarm()) {
                throw overran.get();
            }
            throw e;
        }
        if (!disarm()) {
            throw overran.get();
        }
        return result;
    }

    /** Starts an operation that may take {@code timeoutMillis} from {@code now} (nanoseconds); 0 waits for ever. */
    void arm(long now, int timeoutMillis) {
        if (timeoutMillis > 0) {
            at.set(now + timeoutMillis * 1_000_000L);
        }
    }

    /** Ends the operation: false when it overran and its socket was closed. */
    boolean disarm() {
        return at.getAndSet(NONE) != EXPIRED;
    }

    /** Closes the socket when the operation under way is past its deadline at {@code now}. */
    void expireIfDue(long now) {
        long deadline = at.get();
        if (deadline != NONE && deadline != EXPIRED && now - deadline >= 0 && at.compareAndSet(deadline, EXPIRED)) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closed either way: the blocked operation fails and disarm() tells why.
            }
        }
    }
}
