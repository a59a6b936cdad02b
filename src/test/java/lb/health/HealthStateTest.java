package lb.health;

import static lb.health.HealthState.Change.CAME_UP;
import static lb.health.HealthState.Change.NONE;
import static lb.health.HealthState.Change.WENT_DOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class HealthStateTest {
    private final HealthState state = new HealthState();
    private long now = 1_000;

    /** Feeds check results ('+' passed, '-' failed) 5 s apart, rise 2, fall 3. */
    private List<HealthState.Change> checks(String results) {
        List<HealthState.Change> changes = new ArrayList<>();
        for (char c : results.toCharArray()) {
            now += 5_000;
            changes.add(state.record(c == '+', c == '+' ? "HTTP 200" : "HTTP 503", now, 2, 3));
        }
        return changes;
    }

    @Test
    void startsUpAndGoesDownAfterFallFailuresInARow() {
        assertEquals(true, state.isUp());
        assertEquals(List.of(NONE, NONE, NONE, NONE, NONE, WENT_DOWN), checks("--+---"));
        assertEquals(false, state.isUp());
        assertEquals("HTTP 503", state.lastCheck());
    }

    @Test
    void comesBackAfterRisePassesInARowAndRemembersWhen() {
        checks("---");
        assertEquals(List.of(NONE, NONE, NONE, CAME_UP, NONE), checks("+-+++"));
        assertEquals(true, state.isUp());
        assertEquals(1_000 + 7 * 5_000, state.upSince());
    }

    @Test
    void resetMakesItUpWithoutChecks() {
        checks("---");
        state.reset();
        assertEquals(true, state.isUp());
        assertEquals("not checked", state.lastCheck());
        assertEquals(List.of(NONE, NONE, WENT_DOWN), checks("---"));
    }
}
