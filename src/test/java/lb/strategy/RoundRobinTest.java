package lb.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import lb.balancing.Endpoint;
import lb.balancing.Endpoints;

class RoundRobinTest {
    static final List<Endpoint> THREE = Endpoints.of("b1", "b2", "b3");

    static List<Endpoint> picks(Strategy s, List<Endpoint> candidates, int n) {
        List<Endpoint> picks = new ArrayList<>();
        for (int i = 0; i < n; i++) picks.add(s.pick(candidates, RequestView.NONE));
        return picks;
    }

    @Test
    void oneThreadSeesEachBackendInTurn() {
        assertEquals("b1 b2 b3 b1 b2 b3 b1", Endpoints.hosts(picks(Strategy.roundRobin(), THREE, 7)));
    }

    @Test
    void eightThreadsGetAnExactlyEvenShare() throws Exception {
        Strategy rr = Strategy.roundRobin();
        Map<Endpoint, AtomicInteger> counts = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 3000; i++) {
                    counts.computeIfAbsent(rr.pick(THREE, RequestView.NONE), b -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) f.get();
        pool.shutdown();
        for (Endpoint b : THREE) assertEquals(8000, counts.get(b).get(), b.toString());
    }

    @Test
    void aChangedListIsFollowedAtOnce() {
        Strategy rr = Strategy.roundRobin();
        assertEquals("b1", rr.pick(THREE, RequestView.NONE).backend().host());
        assertEquals("b2", rr.pick(List.of(THREE.get(1)), RequestView.NONE).backend().host());
        assertEquals("b3", rr.pick(THREE, RequestView.NONE).backend().host());
    }
}
