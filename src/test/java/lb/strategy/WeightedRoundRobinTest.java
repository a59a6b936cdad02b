package lb.strategy;

import static lb.strategy.RoundRobinTest.picks;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import lb.balancing.Endpoint;
import lb.balancing.Endpoints;

class WeightedRoundRobinTest {

    @Test
    void weights511GiveNginxsSmoothSequence() {
        List<Endpoint> abc = Endpoints.of("a:5", "b:1", "c:1");
        assertEquals("a a b a c a a a a b a c a a", Endpoints.hosts(picks(Strategy.weightedRoundRobin(), abc, 14)));
    }

    @Test
    void weights321() {
        List<Endpoint> abc = Endpoints.of("a:3", "b:2", "c:1");
        assertEquals("a b a c b a a b a c b a", Endpoints.hosts(picks(Strategy.weightedRoundRobin(), abc, 12)));
    }

    @Test
    void equalWeightsAreRoundRobin() {
        assertEquals("a b c a b c", Endpoints.hosts(picks(Strategy.weightedRoundRobin(), Endpoints.of("a:2", "b:2", "c:2"), 6)));
    }

    @Test
    void aBackendLeftOutKeepsItsPlaceAndTheOthersShareItsTurns() {
        List<Endpoint> abc = Endpoints.of("a:5", "b:1", "c:1");
        Strategy wrr = Strategy.weightedRoundRobin();
        assertEquals("a a b", Endpoints.hosts(picks(wrr, abc, 3)));
        assertEquals("a a c a", Endpoints.hosts(picks(wrr, List.of(abc.get(0), abc.get(2)), 4)));
        assertEquals("a a a c", Endpoints.hosts(picks(wrr, abc, 4)));
    }

    @Test
    void eightThreadsGetExactlyTheWeightedShares() throws Exception {
        List<Endpoint> abc = Endpoints.of("a:5", "b:1", "c:1");
        Strategy wrr = Strategy.weightedRoundRobin();
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 700; i++) {
                    counts.computeIfAbsent(wrr.pick(abc, RequestView.NONE).backend().host(), h -> new AtomicInteger()).incrementAndGet();
                }
            }));
        }
        for (Future<?> f : done) f.get();
        pool.shutdown();
        assertEquals(4000, counts.get("a").get());
        assertEquals(800, counts.get("b").get());
        assertEquals(800, counts.get("c").get());
    }
}
