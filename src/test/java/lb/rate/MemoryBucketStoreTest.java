package lb.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class MemoryBucketStoreTest {
    private static final long MS = 1_000_000L;
    /** 10 r/s, burst 0: a bucket is full again 100 ms after its request. */
    private static final RateSettings TEN = new RateSettings("lb.rate", new RequestRate(100 * MS), 0, RateKey.CLIENT_ADDRESS);

    private final MemoryBucketStore store = new MemoryBucketStore();

    private static BucketKey key(String address) {
        return new BucketKey("lb.rate", false, address);
    }

    @Test
    void aFloodOfDistinctAddressesKeepsTheMapAtItsBound() {
        int capacity = 100_000;
        long before = heapAfterGc();
        int refused = 0;
        for (int i = 0; i < 250_000; i++) {
            String address = "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
            if (store.take(key(address), TEN, 0, capacity) != 0) refused++;
        }
        assertEquals(capacity, store.size());
        assertEquals(0, refused, "nobody is refused for want of room");
        long retained = heapAfterGc() - before;
        // Measured: 148 bytes a bucket (map node, key, address, AtomicLong), 14.8 MB; 250,000 kept would be 38 MB.
        assertTrue(retained < capacity * 256L, "retained " + retained + " bytes for " + capacity + " buckets");
        assertTrue(store.holds(key("10.3.208.143")), "the newest client is kept"); // i = 249,999
    }

    @Test
    void aFullMapDropsABucketThatIsFullAgainFirst() {
        store.take(key("a"), TEN, 0, 3);
        store.take(key("b"), TEN, 150 * MS, 3);
        store.take(key("c"), TEN, 150 * MS, 3);
        assertEquals(0, store.take(key("d"), TEN, 200 * MS, 3));
        assertFalse(store.holds(key("a")));
        assertTrue(store.holds(key("b")) && store.holds(key("c")) && store.holds(key("d")));
        assertEquals(50 * MS, store.take(key("b"), TEN, 200 * MS, 3), "b's state survived");
    }

    @Test
    void withNoneFullAgainTheOneSoonestFullIsForgotten() {
        store.take(key("a"), TEN, 0, 3);
        store.take(key("b"), TEN, 10 * MS, 3);
        store.take(key("c"), TEN, 20 * MS, 3);
        assertEquals(0, store.take(key("d"), TEN, 30 * MS, 3));
        assertFalse(store.holds(key("a")));
        assertEquals(0, store.take(key("a"), TEN, 30 * MS, 3), "a forgotten client starts with a full bucket");
        assertFalse(store.holds(key("b")));
        assertEquals(3, store.size());
    }

    @Test
    void aLoweredBoundIsMetAtTheNextNewClient() {
        for (int i = 0; i < 100; i++) store.take(key("c" + i), TEN, 0, 100);
        store.take(key("new"), TEN, 0, 10);
        assertEquals(10, store.size());
    }

    @Test
    void concurrentRequestsFromOneClientTakeExactlyItsBurst() throws Exception {
        RateSettings burst99 = new RateSettings("lb.rate", new RequestRate(100 * MS), 99, RateKey.CLIENT_ADDRESS);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> passed = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                passed.add(threads.submit(() -> {
                    int n = 0;
                    for (int i = 0; i < 1000; i++) if (store.take(key("one"), burst99, 0, 10) == 0) n++;
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : passed) total += f.get(30, TimeUnit.SECONDS);
            assertEquals(100, total);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void concurrentNewClientsOvershootTheBoundByAtMostOneEachThread() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 20_000; i++) store.take(key(thread + ":" + i), TEN, 0, 1000);
                }));
            }
            for (Future<?> f : done) f.get(30, TimeUnit.SECONDS);
            assertTrue(store.size() >= 1000 - 4 && store.size() <= 1000 + 4, "size " + store.size());
        } finally {
            threads.shutdownNow();
        }
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
