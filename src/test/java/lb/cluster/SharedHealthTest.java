package lb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import lb.balancing.Balancers;
import lb.balancing.Endpoint;
import lb.balancing.LoadBalancer;
import lb.balancing.Pool;
import lb.health.ClusterView;
import lb.health.OutlierSettings;

class SharedHealthTest {
    private static final Map<String, String> CONFIG = Map.of("lb.backends", "http://a:1,http://b:1,http://c:1",
            "lb.health.path", "/hc", "lb.health.interval", "1s", "lb.health.timeout", "1s", "lb.health.fall", "1",
            "lb.health.rise", "1");
    private static final long FRESH = 3 * 2_000;
    private static final OutlierSettings EJECT_AFTER_ONE = new OutlierSettings(1, Duration.ofSeconds(30), Duration.ofMinutes(5), 100);
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final FakeGrid grid = new FakeGrid();

    private record Instance(LoadBalancer balancer, SharedHealth health) {
        Endpoint backend(int i) {
            return balancer.pool().endpoints().get(i);
        }

        void check(int backend, boolean passed) {
            backend(backend).health().record(passed, passed ? "HTTP 200" : "HTTP 503", balancer.now(), 1, 1);
        }

        String state(int backend) {
            Pool pool = balancer.pool();
            return pool.state(pool.endpoints().get(backend), balancer.now());
        }

        boolean fit(int backend) {
            Pool pool = balancer.pool();
            return pool.isFit(pool.endpoints().get(backend), balancer.now());
        }
    }

    private Instance instance(String id) {
        LoadBalancer balancer = Balancers.of(CONFIG, clock::get);
        return new Instance(balancer, new SharedHealth(grid.join(id), balancer));
    }

    /** What the cluster thread of each instance does after a change: publish its own, then decide. */
    private static void share(Instance... all) {
        for (Instance i : all) i.health().publish();
        for (Instance i : all) i.health().decide();
    }

    private void checkAll(Instance... all) {
        for (Instance i : all) {
            for (int b = 0; b < 3; b++) i.check(b, true);
        }
    }

    @Test
    void oneInstanceThatFindsAHealthyBackendDownTakesItOutForItselfAlone() {
        Instance one = instance("1");
        Instance two = instance("2");
        Instance three = instance("3");
        checkAll(one, two, three);
        three.check(1, false);
        share(one, two, three);

        assertEquals("down (health check: HTTP 503)", three.state(1));
        assertFalse(three.fit(1));
        assertEquals("up", one.state(1));
        assertTrue(one.fit(1));
        assertTrue(two.fit(1));
        ClusterView.Decision seenByOne = one.backend(1).cluster().decision();
        assertEquals(List.of(true, true, false), seenByOne.reports().stream().map(ClusterView.Report::up).toList());
        assertEquals(List.of("1", "2", "3"), seenByOne.reports().stream().map(ClusterView.Report::member).toList());
        assertEquals(1, seenByOne.downVotes());
        assertEquals(3, seenByOne.instances());
    }

    @Test
    void twoOfThreeTakeItOutOnTheThirdTooUntilTheirWordIsStale() {
        Instance one = instance("1");
        Instance two = instance("2");
        Instance three = instance("3");
        checkAll(one, two, three);
        one.check(2, false);
        two.check(2, false);
        share(one, two, three);

        assertEquals("up", three.backend(2).health().isUp() ? "up" : "down"); // its own checks pass
        assertEquals("down (2 of 3 instances: HTTP 503)", three.state(2));
        assertFalse(three.fit(2));

        // 1 and 2 stop checking (say their checker is stuck): after the freshness window their word no longer counts
        clock.addAndGet(FRESH);
        three.check(2, true);
        share(three);
        assertFalse(three.fit(2));
        clock.addAndGet(1);
        share(three);
        assertEquals("up", three.state(2));
    }

    @Test
    void aMemberThatDiesNoLongerCountsAndItsTableIsForgotten() {
        Instance one = instance("1");
        Instance two = instance("2");
        Instance three = instance("3");
        checkAll(one, two, three);
        one.check(0, false);
        two.check(0, false);
        share(one, two, three);
        assertFalse(three.fit(0));
        for (Instance i : List.of(one, two, three)) i.health().forgetDeparted();

        grid.kill("2");
        three.health().forgetDeparted();
        three.health().decide();
        assertEquals(Set.of("1", "3"), grid.map(SharedHealth.MAP).keySet());
        assertEquals("up", three.state(0)); // 1 of 2 is no majority
        assertEquals(2, three.backend(0).cluster().decision().instances());
    }

    @Test
    void membersThatDoNotRunTheBalancerNeitherVoteNorCount() {
        Instance one = instance("1");
        Instance two = instance("2");
        Instance three = instance("3");
        grid.join("das"); // a Payara Server DAS and another application in the same grid publish no verdicts
        grid.join("other");
        checkAll(one, two, three);
        one.check(0, false);
        two.check(0, false);
        share(one, two, three);
        assertEquals("down (2 of 3 instances: HTTP 503)", three.state(0)); // of 5 members, 2 would be no majority
    }

    @Test
    void ejectionsByAMajorityHoldOnTheOthersUntilTheMajorityEnds() {
        Instance one = instance("1");
        Instance two = instance("2");
        Instance three = instance("3");
        long now = clock.get();
        one.backend(0).outlier().failure(now, EJECT_AFTER_ONE, () -> true);
        clock.addAndGet(10_000);
        two.backend(0).outlier().failure(clock.get(), EJECT_AFTER_ONE, () -> true);
        share(one, two, three);

        assertEquals("ejected for 20s more (2 of 3 instances)", three.state(0));
        assertFalse(three.fit(0));
        assertEquals(now + 30_000, three.backend(0).cluster().decision().ejectedUntil());
        assertEquals(1, three.balancer().pool().ejectedCount(clock.get())); // counts towards lb.outlier.max-ejection-percent there
        clock.set(now + 30_000);
        assertTrue(three.fit(0)); // without a new decision: the time it had is over
        share(one, two, three);
        assertEquals("up", three.state(0));
    }
}
