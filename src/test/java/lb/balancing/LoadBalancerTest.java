package lb.balancing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import lb.strategy.RequestView;

class LoadBalancerTest {
    private final Map<String, String> config = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong(1_000_000);

    private LoadBalancer balancer(String... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) config.put(keyValues[i], keyValues[i + 1]);
        return new LoadBalancer(k -> Optional.ofNullable(config.get(k)), clock::get);
    }

    private static String host(Endpoint e) {
        return e.backend().host();
    }

    @Test
    void concurrentPicksWhileTheListChangesNeverFailAndNeverPickARemovedBackend() throws Exception {
        LoadBalancer lb = balancer("lb.backends", "http://a:1,http://b:1,http://c:1", "lb.strategy", "least-requests");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<Integer>> pickers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            pickers.add(threads.submit(() -> {
                int picks = 0;
                while (!stop.get() && picks < 2_000_000) {
                    Pool pool = lb.pool();
                    Endpoint e = lb.acquire(pool, RequestView.NONE, List.of());
                    if (!pool.endpoints().contains(e)) throw new AssertionError(e + " is not in its pool");
                    lb.release(e);
                    picks++;
                }
                return picks;
            }));
        }
        for (int i = 0; i < 300; i++) {
            config.put("lb.backends", i % 2 == 0 ? "http://a:1,http://d:1" : "http://a:1,http://b:1,http://c:1");
            lb.reload();
        }
        stop.set(true);
        int total = 0;
        for (Future<Integer> f : pickers) total += f.get();
        threads.shutdown();
        assertTrue(total > 0);
        for (int i = 0; i < 100; i++) {
            Endpoint e = lb.acquire(lb.pool(), RequestView.NONE, List.of());
            assertTrue(List.of("a", "b", "c").contains(host(e)), "d was removed: " + e);
            assertEquals(0, e.inFlight() - 1, "every pick was released");
            lb.release(e);
        }
    }

    @Test
    void aReloadKeepsTheStateOfBackendsThatStayAndSlowStartsNewOnes() throws Exception {
        LoadBalancer lb = balancer("lb.backends", "http://a:1,http://b:1");
        Endpoint a = lb.acquire(lb.pool(), RequestView.NONE, List.of());
        config.put("lb.backends", "http://a:1;weight=3,http://c:1");
        clock.set(2_000_000);
        lb.reload();
        Endpoint a2 = lb.pool().endpoints().get(0);
        assertEquals(1, a2.inFlight());
        assertEquals(3, a2.weight());
        assertSame(a.health(), a2.health());
        assertEquals(2_000_000, lb.pool().endpoints().get(1).returnedAt());
        assertEquals(0, a2.returnedAt());
    }

    @Test
    void consecutiveFailuresEjectNoMoreThanTheCap() throws Exception {
        LoadBalancer lb = balancer("lb.backends", "http://a:1,http://b:1,http://c:1", "lb.outlier.consecutive", "2");
        Pool pool = lb.pool();
        Endpoint a = pool.endpoints().get(0);
        Endpoint b = pool.endpoints().get(1);
        lb.failed(pool, a);
        lb.succeeded(a);
        lb.failed(pool, a);
        assertEquals("up", pool.state(a, lb.now()), "a success between failures resets the count");
        lb.failed(pool, a);
        assertEquals("ejected for 30s more (failures in a row)", pool.state(a, lb.now()));
        lb.failed(pool, b);
        lb.failed(pool, b);
        assertEquals("up", pool.state(b, lb.now()), "50% of 3 backends: one ejected at most");
        clock.addAndGet(30_000);
        lb.failed(pool, b);
        assertEquals("ejected for 30s more (failures in a row)", pool.state(b, lb.now()), "a is back, so b may go");
    }

    @Test
    void aFullBackendIsSkippedAndAFullPoolQueuesThenRefuses() throws Exception {
        LoadBalancer lb = balancer("lb.backends", "http://a:1,http://b:1", "lb.backend.max-requests", "1",
                "lb.queue.size", "1", "lb.queue.timeout", "10s");
        Pool pool = lb.pool();
        Endpoint first = lb.acquire(pool, RequestView.NONE, List.of());
        Endpoint second = lb.acquire(pool, RequestView.NONE, List.of());
        assertEquals("a b", host(first) + " " + host(second));
        ExecutorService waiter = Executors.newSingleThreadExecutor();
        Future<Endpoint> queued = waiter.submit(() -> lb.acquire(pool, RequestView.NONE, List.of()));
        while (lb.pool() == pool && !queuedYet(lb)) Thread.onSpinWait();
        Unavailable full = assertThrows(Unavailable.class, () -> lb.acquire(pool, RequestView.NONE, List.of()));
        assertEquals("every backend is at its limit of 1 requests and the queue of 1 is full", full.getMessage());
        lb.release(second);
        assertEquals("b", host(queued.get()));
        waiter.shutdown();
    }

    @Test
    void aQueuedRequestGivesUpAfterTheQueueTimeout() throws Exception {
        LoadBalancer lb = balancer("lb.backends", "http://a:1", "lb.backend.max-requests", "1", "lb.queue.timeout", "20ms");
        lb.acquire(lb.pool(), RequestView.NONE, List.of());
        Unavailable e = assertThrows(Unavailable.class, () -> lb.acquire(lb.pool(), RequestView.NONE, List.of()));
        assertEquals("every backend stayed at its limit of 1 requests for 20ms in the queue", e.getMessage());
    }

    @Test
    void noFitBackendIsUnavailableAndEveryTriedOneEndsTheRetries() throws Exception {
        LoadBalancer lb = balancer("lb.backends", "http://a:1;weight=0");
        Unavailable e = assertThrows(Unavailable.class, () -> lb.acquire(lb.pool(), RequestView.NONE, List.of()));
        assertEquals("no backend is fit: http://a:1 drained", e.getMessage());
        config.put("lb.backends", "http://a:1");
        lb.reload();
        Endpoint a = lb.acquire(lb.pool(), RequestView.NONE, List.of());
        assertNull(lb.acquire(lb.pool(), RequestView.NONE, List.of(a)));
    }

    private static String picks(LoadBalancer lb, int n) throws Unavailable {
        List<Endpoint> picked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Endpoint e = lb.acquire(lb.pool(), RequestView.NONE, List.of());
            lb.release(e);
            picked.add(e);
        }
        return Endpoints.hosts(picked);
    }

    private static String key(LoadBalancer lb, int index) {
        return lb.pool().endpoints().get(index).key();
    }

    @Test
    void aDrainTakesEffectForTheNextRequestAndUndrainBringsTheBackendBack() throws Exception {
        LoadBalancer lb = balancer("lb.backends", "http://a:1,http://b:1,http://c:1");
        Pool before = lb.pool();
        Endpoint b = lb.override(key(lb, 1), RuntimeOverride::drain);
        assertEquals("drained (override)", lb.pool().state(b, lb.now()));
        assertEquals("up", before.state(before.endpoints().get(1), lb.now()), "the old snapshot is left as it was");
        assertEquals("a c a c", picks(lb, 4));
        lb.override(key(lb, 1), RuntimeOverride::undrain);
        assertEquals("b c a b", picks(lb, 4));
        assertEquals(RuntimeOverride.NONE, lb.pool().endpoints().get(1).override());
        assertNull(lb.override("http://x:1#1", RuntimeOverride::drain), "no such backend");
    }

    @Test
    void aDisabledBackendGetsNothingAndClearingTheOverrideRestoresTheConfiguration() throws Exception {
        LoadBalancer lb = balancer("lb.backends", "http://a:1,http://b:1");
        lb.override(key(lb, 0), o -> o.withWeight(7));
        Endpoint a = lb.override(key(lb, 0), RuntimeOverride::disable);
        assertEquals("disabled (override)", lb.pool().state(a, lb.now()));
        assertEquals("b b b", picks(lb, 3));
        lb.override(key(lb, 1), RuntimeOverride::drain);
        Unavailable none = assertThrows(Unavailable.class, () -> lb.acquire(lb.pool(), RequestView.NONE, List.of()));
        assertEquals("no backend is fit: http://a:1 disabled (override), http://b:1 drained (override)", none.getMessage());
        lb.override(key(lb, 0), RuntimeOverride::enable);
        assertEquals(7, lb.pool().endpoints().get(0).weight(), "enable leaves the weight override");
        lb.override(key(lb, 0), o -> RuntimeOverride.NONE);
        lb.override(key(lb, 1), o -> RuntimeOverride.NONE);
        assertEquals(1, lb.pool().endpoints().get(0).weight());
        assertEquals("b a b a", picks(lb, 4));
    }

    @Test
    void anOverrideStaysThroughReloadsWhileItsUrlStaysAndLeavesWithIt() throws Exception {
        LoadBalancer lb = balancer("lb.backends", "http://a:1,http://b:1,http://c:1");
        lb.override(key(lb, 1), RuntimeOverride::drain);
        config.put("lb.backends", "http://b:1,http://a:1;weight=2,http://c:1,http://d:1");
        lb.reload();
        assertEquals("drained (override)", lb.pool().state(lb.pool().endpoints().get(0), lb.now()), "b moved to 0");
        assertEquals(0, lb.pool().endpoints().get(0).backend().index());
        config.put("lb.backends", "http://a:1,http://c:1");
        lb.reload();
        config.put("lb.backends", "http://a:1,http://b:1,http://c:1");
        lb.reload();
        assertEquals(RuntimeOverride.NONE, lb.pool().endpoints().get(1).override(), "b left the list, and its drain with it");
        assertEquals("up", lb.pool().state(lb.pool().endpoints().get(1), lb.now()));
    }

    @Test
    void aWeightOverrideChangesTheSmoothWeightedSequence() throws Exception {
        LoadBalancer lb = balancer("lb.backends", "http://a:1,http://b:1,http://c:1", "lb.strategy", "weighted-round-robin");
        assertEquals("a b c", picks(lb, 3));
        lb.override(key(lb, 0), o -> o.withWeight(5));
        assertEquals("a a b a c a a", picks(lb, 7));
        lb.override(key(lb, 2), o -> o.withWeight(0));
        assertEquals("drained (override: weight 0)", lb.pool().state(lb.pool().endpoints().get(2), lb.now()));
        assertEquals("a a a b a a a a a b a a", picks(lb, 12), "5,1: c is out");
        lb.override(key(lb, 0), o -> RuntimeOverride.NONE);
        lb.override(key(lb, 2), o -> RuntimeOverride.NONE);
        config.put("lb.backends", "http://a:1,http://b:1,http://c:1;weight=2");
        lb.reload();
        assertEquals(2, lb.pool().endpoints().get(2).weight(), "the configuration is the base again");
    }

    private static boolean queuedYet(LoadBalancer lb) {
        return lb.waiting() == 1;
    }
}
