package lb.tunnel;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The idle timeout of upgraded connections ({@code lb.websocket.idle}), kept by sweeps from one
 * thread rather than a timer per connection: each connection notes when bytes last passed
 * either way, and a sweep closes the ones silent for the limit or longer. Times are
 * {@code System.nanoTime()} values given by the caller, so a test drives it with a fake clock.
 */
final class IdleWatch {
    /** An upgraded connection, as the watch sees it. */
    interface Watched {
        /** When bytes last passed, either way. */
        long lastActive();

        /** Silent for {@code limit}: both sides are to be closed. */
        void idleTimedOut(Duration limit);
    }

    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();

    void watch(Watched w) {
        watched.add(w);
    }

    void forget(Watched w) {
        watched.remove(w);
    }

    int size() {
        return watched.size();
    }

    /** Times out every connection silent for {@code limit} or longer at {@code now}; returns how many. */
    int expire(long now, Duration limit) {
        long limitNanos = limit.toNanos();
        int expired = 0;
        for (Watched w : watched) {
            if (now - w.lastActive() >= limitNanos && watched.remove(w)) {
                w.idleTimedOut(limit);
                expired++;
            }
        }
        return expired;
    }
}
