package lb.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class OutlierStateTest {
    private static final OutlierSettings FIVE = new OutlierSettings(5, Duration.ofSeconds(30), Duration.ofMinutes(5), 50);
    private final OutlierState state = new OutlierState();

    private long fail(int times, long now) {
        long ejected = 0;
        for (int i = 0; i < times; i++) ejected = state.failure(now, FIVE, () -> true);
        return ejected;
    }

    @Test
    void theFifthFailureInARowEjectsForTheBaseTime() {
        assertEquals(0, fail(4, 1_000));
        assertFalse(state.isEjected(1_000));
        assertEquals(30_000, fail(1, 1_000));
        assertTrue(state.isEjected(30_999));
        assertFalse(state.isEjected(31_000));
        assertEquals(31_000, state.ejectedUntil());
    }

    @Test
    void aSuccessStartsTheCountAgain() {
        fail(4, 1_000);
        state.success();
        assertEquals(0, fail(4, 1_000));
        assertEquals(4, state.failuresInARow());
    }

    @Test
    void repeatedEjectionsGrowAndAreCappedAtTheMaximum() {
        long t = 0;
        long[] expected = {30_000, 60_000, 90_000, 120_000, 150_000, 180_000, 210_000, 240_000, 270_000, 300_000, 300_000};
        for (long e : expected) {
            assertEquals(e, fail(5, t));
            t = state.ejectedUntil(); // fails again the moment it is back
        }
    }

    @Test
    void theMultiplierDecaysByOneForEveryBaseTimeWithoutEjection() {
        fail(5, 0);                        // 30 s, back at 30 s
        fail(5, 30_000);                   // 60 s, back at 90 s
        assertEquals(60_000, fail(5, 90_000 + 30_000)); // one base time healthy: 3 - 1 = 2 -> 60 s
        long back = state.ejectedUntil();
        assertEquals(30_000, fail(5, back + 10 * 30_000)); // long healthy: starts over
    }

    @Test
    void theCapOnEjectedBackendsIsRespected() {
        for (int i = 0; i < 4; i++) state.failure(0, FIVE, () -> false);
        assertEquals(0, state.failure(0, FIVE, () -> false));
        assertFalse(state.isEjected(0));
        assertEquals(30_000, state.failure(0, FIVE, () -> true), "the next failure may eject once the cap allows");
    }
}
