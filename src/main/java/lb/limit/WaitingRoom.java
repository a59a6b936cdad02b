package lb.limit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where requests wait when every fit backend is at {@code lb.backend.max-requests}, as in
 * HAProxy's backend queue: a bounded number of places (beyond them a request is refused at
 * once) and a bounded wait. A freed backend slot wakes the waiters to try again. Nothing here
 * runs unless the limit is reached; {@link #signal} costs one volatile read otherwise.
 */
public final class WaitingRoom {
    private final AtomicInteger waiting = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private long generation;

    /** Takes a place, if there is one of {@code places}. */
    public boolean enter(int places) {
        return Slots.tryTake(waiting, places);
    }

    public void leave() {
        waiting.decrementAndGet();
    }

    /** The state to pass to {@link #await}, read before looking for a free backend, so no signal is missed. */
    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a backend slot was freed after {@code seen} was read, or until {@code deadline}.
     *
     * @return false if the deadline passed
     */
    public boolean await(long seen, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (generation == seen) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) return false;
                freed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A backend slot was freed. */
    public void signal() {
        if (waiting.get() == 0) return;
        lock.lock();
        try {
            generation++;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int waiting() {
        return waiting.get();
    }
}
