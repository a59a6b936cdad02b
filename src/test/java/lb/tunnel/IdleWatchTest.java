package lb.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The idle timeout, on a fake clock: times are nanoseconds chosen by the test. */
class IdleWatchTest {
    private static final long S = 1_000_000_000L;
    private final List<String> timedOut = new ArrayList<>();

    private final class Connection implements IdleWatch.Watched {
        final String name;
        long lastActive;

        Connection(String name, long lastActive) {
            this.name = name;
            this.lastActive = lastActive;
        }

        @Override
        public long lastActive() {
            return lastActive;
        }

        @Override
        public void idleTimedOut(Duration limit) {
            timedOut.add(name + " after " + limit.toSeconds() + "s");
        }
    }

    @Test
    void closesExactlyThoseSilentForTheLimitOrLonger() {
        IdleWatch watch = new IdleWatch();
        Connection a = new Connection("a", 100 * S);
        Connection b = new Connection("b", 101 * S);
        Connection c = new Connection("c", 102 * S - 1);
        watch.watch(a);
        watch.watch(b);
        watch.watch(c);
        assertEquals(0, watch.expire(159 * S, Duration.ofSeconds(60)));
        assertEquals(1, watch.expire(160 * S, Duration.ofSeconds(60)));
        assertEquals(List.of("a after 60s"), timedOut);
        b.lastActive = 150 * S; // bytes passed: the silence starts again
        assertEquals(1, watch.expire(162 * S, Duration.ofSeconds(60)));
        assertEquals(List.of("a after 60s", "c after 60s"), timedOut);
        assertEquals(1, watch.size());
        assertEquals(1, watch.expire(210 * S, Duration.ofSeconds(60)));
        assertEquals(List.of("a after 60s", "c after 60s", "b after 60s"), timedOut);
        assertEquals(0, watch.size());
    }

    @Test
    void aShorterLimitAppliesToConnectionsAlreadyOpen() {
        IdleWatch watch = new IdleWatch();
        watch.watch(new Connection("a", 0));
        assertEquals(0, watch.expire(5 * S, Duration.ofHours(1)));
        assertEquals(1, watch.expire(5 * S, Duration.ofSeconds(5)));
        assertEquals(List.of("a after 5s"), timedOut);
    }

    @Test
    void aForgottenConnectionIsNeverTimedOutAndNoneTwice() {
        IdleWatch watch = new IdleWatch();
        Connection a = new Connection("a", 0);
        Connection b = new Connection("b", 0);
        watch.watch(a);
        watch.watch(b);
        watch.forget(a); // closed by either side meanwhile
        assertEquals(1, watch.expire(10 * S, Duration.ofSeconds(1)));
        assertEquals(0, watch.expire(20 * S, Duration.ofSeconds(1)));
        assertEquals(List.of("b after 1s"), timedOut);
    }
}
