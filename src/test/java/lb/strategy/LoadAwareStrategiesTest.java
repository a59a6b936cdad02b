package lb.strategy;

import static lb.strategy.RoundRobinTest.picks;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import lb.balancing.Endpoint;
import lb.balancing.Endpoints;

/** least-requests, power-of-two and random, with seeded randomness: exact picks and shares. */
class LoadAwareStrategiesTest {

    static Map<String, Integer> shares(Strategy s, List<Endpoint> candidates, int n) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Endpoint e : picks(s, candidates, n)) counts.merge(e.backend().host(), 1, Integer::sum);
        return counts;
    }

    @Test
    void leastRequestsTakesTheFewestInFlight() {
        List<Endpoint> abc = Endpoints.of("a", "b", "c");
        Endpoints.load(abc.get(0), 3);
        Endpoints.load(abc.get(1), 1);
        Endpoints.load(abc.get(2), 2);
        Strategy lr = Strategy.leastRequests(new SplittableRandom(1));
        assertEquals("b b b", Endpoints.hosts(picks(lr, abc, 3)));
    }

    @Test
    void leastRequestsBreaksTiesEvenly() {
        Strategy lr = Strategy.leastRequests(new SplittableRandom(7));
        assertEquals(Map.of("a", 3315, "b", 3319, "c", 3366), shares(lr, Endpoints.of("a", "b", "c"), 10_000));
    }

    @Test
    void leastRequestsCountsLoadPerUnitOfWeight() {
        List<Endpoint> ab = Endpoints.of("a:4", "b:1");
        Endpoints.load(ab.get(0), 3); // 3/4 busy
        Endpoints.load(ab.get(1), 1); // 1/1 busy
        assertEquals("a", Strategy.leastRequests(new SplittableRandom(1)).pick(ab, RequestView.NONE).backend().host());
    }

    @Test
    void powerOfTwoSendsLessToTheBusyBackend() {
        List<Endpoint> abc = Endpoints.of("a", "b", "c");
        Endpoints.load(abc.get(0), 5);
        // a wins only when both draws are a, which two distinct draws never are
        assertEquals(Map.of("b", 4961, "c", 5039), shares(Strategy.powerOfTwo(new SplittableRandom(3)), abc, 10_000));
    }

    @Test
    void powerOfTwoOnIdleBackendsSpreadsEvenly() {
        assertEquals(Map.of("a", 3381, "b", 3398, "c", 3221),
                shares(Strategy.powerOfTwo(new SplittableRandom(5)), Endpoints.of("a", "b", "c"), 10_000));
    }

    @Test
    void randomFollowsTheWeights() {
        assertEquals(Map.of("a", 6016, "b", 3017, "c", 967),
                shares(Strategy.random(new SplittableRandom(11)), Endpoints.of("a:6", "b:3", "c:1"), 10_000));
    }
}
