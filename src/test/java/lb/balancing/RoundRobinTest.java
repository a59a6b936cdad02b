package lb.balancing;

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

class RoundRobinTest {
    static final List<Backend> THREE = List.of(backend(0), backend(1), backend(2));

    static Backend backend(int i) {
        return new Backend(i, "http://b" + (i + 1) + ":80", "http", "b" + (i + 1), 80, "");
    }

    @Test
    void oneThreadSeesEachBackendInTurn() {
        Strategy rr = Strategy.roundRobin();
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 7; i++) picks.add(rr.pick(THREE).host());
        assertEquals(List.of("b1", "b2", "b3", "b1", "b2", "b3", "b1"), picks);
    }

    @Test
    void eightThreadsGetAnExactlyEvenShare() throws Exception {
        Strategy rr = Strategy.roundRobin();
        Map<Backend, AtomicInteger> counts = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 3000; i++) {
                    counts.computeIfAbsent(rr.pick(THREE), b -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) f.get();
        pool.shutdown();
        for (Backend b : THREE) assertEquals(8000, counts.get(b).get(), b.url());
    }

    @Test
    void aChangedListIsFollowedAtOnce() {
        Strategy rr = Strategy.roundRobin();
        assertEquals("b1", rr.pick(THREE).host());
        assertEquals("b2", rr.pick(List.of(backend(1))).host());
        assertEquals("b3", rr.pick(THREE).host());
    }
}
