package lb.health;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Passive failure detection for one backend, as Envoy's outlier detection does it: after
 * {@code consecutive} failures in a row (connect failures, resets, timeouts or a 5xx answer;
 * a 4xx is the client's fault and never counts) the backend is ejected for the base time
 * multiplied by how often it was ejected lately, up to a maximum. The multiplier goes down by
 * one for every base time the backend spends without an ejection, so one that has recovered
 * starts over with a short ejection.
 */
public final class OutlierState {
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private volatile long ejectedUntil;
    private int multiplier;
    private volatile int ejections;

    public boolean isEjected(long now) {
        return now < ejectedUntil;
    }

    /** The end of the latest ejection; 0 if never ejected. */
    public long ejectedUntil() {
        return ejectedUntil;
    }

    /** How often the backend was ejected since it joined the list. */
    public int ejections() {
        return ejections;
    }

    public int failuresInARow() {
        return failuresInARow.get();
    }

    public void success() {
        if (failuresInARow.get() != 0) {
            failuresInARow.set(0);
        }
    }

    /**
     * Counts a failure; ejects the backend when it is the {@code consecutive}-th in a row and
     * {@code mayEject} agrees (the pool's cap on ejected backends).
     *
     * @return how long the backend is now ejected for, in ms; 0 if it was not ejected
     */
    public long failure(long now, OutlierSettings settings, BooleanSupplier mayEject) {
        if (failuresInARow.incrementAndGet() < settings.consecutive()) {
            return 0;
        }
        synchronized (this) {
            if (isEjected(now) || failuresInARow.get() < settings.consecutive() || !mayEject.getAsBoolean()) {
                return 0;
            }
            long base = settings.baseEjection().toMillis();
            if (ejectedUntil > 0) {
                multiplier = (int) Math.max(0, multiplier - (now - ejectedUntil) / base);
            }
            multiplier++;
            long duration = Math.min(base * multiplier, Math.max(base, settings.maxEjection().toMillis()));
            ejectedUntil = now + duration;
            ejections++; // under the lock: one writer at a time
            failuresInARow.set(0);
            return duration;
        }
    }
}
