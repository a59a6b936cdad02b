package lb.accesslog;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The entries waiting for the writer: many request threads put in, one writer takes out.
 * Lock-free, and bounded by a count beside the queue, so a writer that falls behind (a slow
 * disk) costs memory only up to {@code capacity} entries and never a wait on a request thread.
 */
final class LineQueue {
    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    LineQueue(int capacity) {
        this.capacity = capacity;
    }

    /** False, and nothing queued, when {@code capacity} entries are waiting already. */
    boolean offer(Entry e) {
        if (size.getAndIncrement() >= capacity) {
            size.decrementAndGet();
            return false;
        }
        entries.offer(e);
        return true;
    }

    /** The oldest entry, or null when none waits. */
    Entry poll() {
        Entry e = entries.poll();
        if (e != null) size.decrementAndGet();
        return e;
    }
}
