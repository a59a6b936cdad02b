package lb.balancing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import lb.config.Limits;
import lb.config.Settings;

class LoadBalancerPickTest {
    private static final Settings SETTINGS = new Settings(RoundRobinTest.THREE, null, Duration.ofSeconds(2),
            Duration.ofSeconds(60), false, "/_lb/", Duration.ofSeconds(1), List.of(), new Limits(8192, 32768, 32768, 0));

    @Test
    void aRetrySkipsTheBackendsAlreadyTried() {
        LoadBalancer lb = new LoadBalancer();
        Backend first = lb.pick(SETTINGS, List.of());
        assertEquals("b1", first.host());
        assertEquals("b3", lb.pick(SETTINGS, List.of(first, RoundRobinTest.THREE.get(1))).host());
        assertNull(lb.pick(SETTINGS, RoundRobinTest.THREE));
    }
}
