package lb.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The stop on a fake clock: every sleep is recorded, and requests end at set times. */
class StoppingTest {

    /** Sleeping moves the clock; what is due by then happens, as requests ending on other threads. */
    private static final class FakeTime implements Stopping.Time {
        long now = 1_000;
        final List<String> log = new ArrayList<>();
        final TreeMap<Long, Runnable> due = new TreeMap<>();
        final Gate gate;

        FakeTime(Gate gate) {
            this.gate = gate;
        }

        @Override
        public long millis() {
            return now;
        }

        @Override
        public void sleep(long millis) {
            now += millis;
            while (!due.isEmpty() && due.firstKey() <= now) due.pollFirstEntry().getValue().run();
            log.add((now - 1_000) + "ms " + gate.phase() + " " + gate.inFlight());
        }
    }

    private final Gate gate = new Gate();
    private final FakeTime time = new FakeTime(gate);

    private void inFlight(int n) {
        for (int i = 0; i < n; i++) gate.enter();
    }

    @Test
    void drainsThenClosesThenWaitsUntilTheLastRequestEnds() throws InterruptedException {
        inFlight(2);
        gate.beginDraining();
        time.due.put(1_000 + 1_500L, () -> gate.enter()); // a request taken during the drain
        time.due.put(1_000 + 2_020L, gate::leave);
        time.due.put(1_000 + 2_100L, () -> {
            gate.leave();
            gate.leave();
        });
        assertEquals(0, Stopping.run(gate, Duration.ofSeconds(2), Duration.ofSeconds(30), time));
        assertEquals(List.of("2000ms DRAINING 3", "2050ms CLOSED 2", "2100ms CLOSED 0"), time.log);
        assertEquals(false, gate.enter());
    }

    @Test
    void givesUpWhenTheGraceRunsOutToTheMillisecond() throws InterruptedException {
        inFlight(1);
        gate.beginDraining();
        assertEquals(1, Stopping.run(gate, Duration.ofMillis(100), Duration.ofMillis(120), time));
        assertEquals(List.of("100ms DRAINING 1", "150ms CLOSED 1", "200ms CLOSED 1", "220ms CLOSED 1"), time.log);
    }

    @Test
    void withNothingInFlightItStopsRightAfterTheDrain() throws InterruptedException {
        gate.beginDraining();
        assertEquals(0, Stopping.run(gate, Duration.ofSeconds(5), Duration.ofSeconds(30), time));
        assertEquals(List.of("5000ms DRAINING 0"), time.log);
        assertEquals(Gate.Phase.CLOSED, gate.phase());
    }

    @Test
    void zeroDrainClosesAtOnceAndZeroGraceWaitsForNothing() throws InterruptedException {
        inFlight(3);
        gate.beginDraining();
        assertEquals(3, Stopping.run(gate, Duration.ZERO, Duration.ZERO, time));
        assertEquals(List.of(), time.log);
        assertEquals(Gate.Phase.CLOSED, gate.phase());
    }
}
