package lb.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GateTest {
    private final Gate gate = new Gate();

    @Test
    void countsRequestsInFlightWhileServingAndDraining() {
        assertTrue(gate.enter());
        assertTrue(gate.enter());
        assertEquals(2, gate.inFlight());
        assertTrue(gate.beginDraining());
        assertEquals(Gate.Phase.DRAINING, gate.phase());
        assertTrue(gate.enter(), "draining still takes requests");
        assertEquals(3, gate.inFlight());
        gate.leave();
        assertEquals(2, gate.inFlight());
    }

    @Test
    void onlyTheFirstStopRunsIt() {
        assertTrue(gate.beginDraining());
        assertFalse(gate.beginDraining());
        gate.close();
        assertFalse(gate.beginDraining());
        assertEquals(Gate.Phase.CLOSED, gate.phase());
    }

    @Test
    void aClosedGateRefusesWithoutCountingAndLetsThoseInFlightLeave() {
        assertTrue(gate.enter());
        gate.beginDraining();
        gate.close();
        assertFalse(gate.enter());
        assertFalse(gate.enter());
        assertEquals(1, gate.inFlight());
        gate.leave();
        assertEquals(0, gate.inFlight());
    }
}
