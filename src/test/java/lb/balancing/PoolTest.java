package lb.balancing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import lb.config.Settings;
import lb.config.SettingsReader;
import lb.health.OutlierSettings;
import lb.strategy.RequestView;
import lb.strategy.Strategy;

class PoolTest {
    private static final OutlierSettings EJECT_AT_ONCE = new OutlierSettings(1, Duration.ofSeconds(30), Duration.ofMinutes(5), 100);

    static Settings settings(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) map.put(keyValues[i], keyValues[i + 1]);
        return SettingsReader.read(k -> java.util.Optional.ofNullable(map.get(k)), null);
    }

    private static Pool pool(List<Endpoint> endpoints, String... keyValues) {
        return new Pool(settings(keyValues), endpoints, Strategy.roundRobin(), new SplittableRandom(1));
    }

    private static void takeDown(Endpoint e) {
        for (int i = 0; i < 3; i++) e.health().record(false, "HTTP 503", 0, 2, 3);
    }

    private static String hosts(List<Endpoint> list) {
        return Endpoints.hosts(list);
    }

    @Test
    void candidatesAreTheFitUntriedBackendsWithAWeight() {
        List<Endpoint> e = Endpoints.of("a", "b", "c:0", "d", "e");
        Pool pool = pool(e);
        assertEquals("a b d e", hosts(pool.candidates(0, List.of())));
        takeDown(e.get(1));
        e.get(3).outlier().failure(0, EJECT_AT_ONCE, () -> true);
        assertEquals("a e", hosts(pool.candidates(1_000, List.of())));
        assertEquals("e", hosts(pool.candidates(1_000, List.of(e.get(0)))));
        assertEquals("a d e", hosts(pool.candidates(30_000, List.of())), "the ejection is over");
    }

    @Test
    void belowThePanicThresholdEveryBackendWithAWeightIsUsed() {
        List<Endpoint> e = Endpoints.of("a", "b", "c", "d:0");
        Pool panicky = pool(e, "lb.panic-threshold", "50");
        takeDown(e.get(0));
        assertEquals("b c", hosts(panicky.candidates(0, List.of())), "2 of 3 fit: no panic");
        takeDown(e.get(1));
        assertEquals("a b c", hosts(panicky.candidates(0, List.of())), "1 of 3 fit: panic");
        assertEquals("c", hosts(pool(e).candidates(0, List.of())), "no threshold, no panic");
    }

    @Test
    void noFitBackendIsExplainedBackendByBackend() {
        List<Endpoint> e = Endpoints.of("a", "b", "c:0");
        Pool pool = pool(e);
        takeDown(e.get(0));
        e.get(1).outlier().failure(10_000, EJECT_AT_ONCE, () -> true);
        assertEquals(List.of(), pool.candidates(10_000, List.of()));
        assertEquals("no backend is fit: http://a:80 down (health check: HTTP 503), "
                + "http://b:80 ejected for 25s more (failures in a row), http://c:80 drained", pool.unfitReason(15_000));
    }

    @Test
    void theStickyCookieWinsWhileItsBackendIsACandidate() {
        List<Endpoint> e = Endpoints.of("a", "b", "c");
        Pool pool = pool(e, "lb.sticky.cookie", "LBID");
        RequestView toC = new RequestView() {
            public String header(String n) { return null; }
            public String cookie(String n) { return n.equals("LBID") ? e.get(2).stickyId() : null; }
            public String path() { return "/"; }
            public String clientAddress() { return "127.0.0.1"; }
        };
        List<Endpoint> picks = new ArrayList<>();
        for (int i = 0; i < 3; i++) picks.add(pool.choose(pool.candidates(0, List.of()), toC, 0));
        assertEquals("c c c", hosts(picks));
        takeDown(e.get(2));
        picks.clear();
        for (int i = 0; i < 3; i++) picks.add(pool.choose(pool.candidates(0, List.of()), toC, 0));
        assertEquals("a b a", hosts(picks), "c is down: the strategy picks again");
    }

    @Test
    void aReturningBackendGetsAShareThatGrowsOverTheSlowStart() {
        List<Endpoint> e = Endpoints.of("a", "b");
        Pool pool = pool(e, "lb.slow-start", "30s");
        takeDown(e.get(1));
        e.get(1).health().record(true, "HTTP 200", 100_000, 1, 3); // back at t = 100 s
        // As if b's weight were scaled by its share f (10%, 50%, 100%), as Envoy does: b gets f/(1+f).
        double[] expected = {0.1 / 1.1, 0.5 / 1.5, 0.5};
        long[] times = {100_000, 115_000, 130_000};
        for (int k = 0; k < times.length; k++) {
            int b = 0;
            for (int i = 0; i < 10_000; i++) {
                if (pool.choose(pool.candidates(times[k], List.of()), RequestView.NONE, times[k]) == e.get(1)) b++;
            }
            assertEquals(expected[k], b / 10_000.0, 0.015, "share of b at t+" + (times[k] - 100_000) / 1000 + "s");
        }
    }

    @Test
    void drainedAndDisabledBackendsGetNoRequestEvenWithTheirStickyCookieOrInPanic() {
        List<Endpoint> e = new ArrayList<>(Endpoints.of("a", "b", "c"));
        e.set(1, e.get(1).withOverride(RuntimeOverride.NONE.disable()));
        e.set(2, e.get(2).withOverride(RuntimeOverride.NONE.drain()));
        Pool pool = pool(e, "lb.sticky.cookie", "LBID", "lb.panic-threshold", "100");
        RequestView toC = new RequestView() {
            public String header(String n) { return null; }
            public String cookie(String n) { return n.equals("LBID") ? e.get(2).stickyId() : null; }
            public String path() { return "/"; }
            public String clientAddress() { return "127.0.0.1"; }
        };
        List<Endpoint> picks = new ArrayList<>();
        for (int i = 0; i < 3; i++) picks.add(pool.choose(pool.candidates(0, List.of()), toC, 0));
        assertEquals("a a a", hosts(picks));
        takeDown(e.get(0));
        assertEquals("a", hosts(pool.candidates(0, List.of())), "panic uses a, never the drained or disabled");
        assertEquals("no backend is fit: http://a:80 down (health check: HTTP 503), http://b:80 disabled (override), "
                + "http://c:80 drained (override)", pool.unfitReason(0));
    }

    @Test
    void theStateNamesTheOverrideBeforeTheHealth() {
        List<Endpoint> e = Endpoints.of("a", "b:0", "c:2");
        Pool pool = pool(e);
        takeDown(e.get(0));
        assertEquals("drained (override)", pool.state(e.get(0).withOverride(RuntimeOverride.NONE.drain()), 0));
        assertEquals("disabled (override)", pool.state(e.get(0).withOverride(RuntimeOverride.NONE.disable()), 0));
        assertEquals("drained", pool.state(e.get(1), 0));
        Endpoint weighted = e.get(1).withOverride(RuntimeOverride.NONE.withWeight(4));
        assertEquals("up", pool.state(weighted, 0), "the override's weight brings a weight=0 backend in");
        assertEquals(4, weighted.weight());
        Endpoint zero = e.get(2).withOverride(RuntimeOverride.NONE.withWeight(0));
        assertEquals("drained (override: weight 0)", pool.state(zero, 0));
        assertEquals(2, zero.backend().weight(), "the configured weight stays the base");
    }
}
