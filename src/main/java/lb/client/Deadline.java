package lb.client;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The deadline of the blocking operation under way on one backend socket. {@link Deadlines}
 * closes the socket under an operation that overruns it; the operation then learns from
 * {@link #disarm()} that it was cut for time, not by the backend.
 */
final class Deadline {
    private static final long NONE = Long.MIN_VALUE;
    private static final long EXPIRED = Long.MAX_VALUE;

    private final Closeable socket;
    private final AtomicLong at = new AtomicLong(NONE);

    Deadline(Closeable socket) {
        this.socket = socket;
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
