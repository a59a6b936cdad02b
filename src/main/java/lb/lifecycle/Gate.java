package lb.lifecycle;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether a new request is taken, and how many are in flight. On the request path it costs two
 * atomic increments and a volatile read, no lock.
 */
public final class Gate {

    public enum Phase {
        /** Taking requests. */
        SERVING,
        /** Still taking requests, but readiness is DOWN and answers close their connection. */
        DRAINING,
        /** New requests are refused; those in flight finish. */
        CLOSED
    }

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.SERVING);

    /**
     * A request arrives: counted in flight and true, or false once the gate is closed. Counted
     * before the phase is read, so a stop that sees no request in flight has also closed the
     * gate to any request that had not yet been counted.
     */
    public boolean enter() {
        inFlight.incrementAndGet();
        if (phase.get() == Phase.CLOSED) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    /** A request {@link #enter} let in is done. */
    public void leave() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public Phase phase() {
        return phase.get();
    }

    /** True for the one caller that moved the gate from serving to draining: it runs the stop. */
    boolean beginDraining() {
        return phase.compareAndSet(Phase.SERVING, Phase.DRAINING);
    }

    void close() {
        phase.set(Phase.CLOSED);
    }
}
