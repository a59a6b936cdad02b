package lb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class BucketsTest {
    private static List<Long> cumulative(Buckets b, int bounds) {
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i <= bounds; i++) counts.add(b.cumulative(i));
        return counts;
    }

    @Test
    void anObservationOnABoundCountsInThatBucketAndEveryLaterOne() {
        Buckets b = new Buckets(new double[] {0.001, 0.01, 1});
        b.observe(1_000_000);  // exactly 1 ms
        b.observe(1_000_001);
        b.observe(10_000_000);
        b.observe(999);
        b.observe(5_000_000_000L); // past the last bound: only +Inf
        assertEquals(List.of(2L, 4L, 4L, 5L), cumulative(b, 3));
        assertEquals(5, b.count());
        assertEquals(5.012001, b.sumSeconds(), 1e-12);
    }

    @Test
    void boundsMustAscend() {
        assertThrows(IllegalArgumentException.class, () -> new Buckets(new double[] {0.1, 0.1}));
    }

    @Test
    void concurrentObservationsAreAllCounted() throws Exception {
        Buckets b = new Buckets(BalancerMetrics.DURATION_BOUNDS);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long nanos = t * 3_000_000L; // 0, 3, 6, 9 ms
            done.add(threads.submit(() -> {
                for (int i = 0; i < 100_000; i++) b.observe(nanos);
            }));
        }
        for (Future<?> f : done) f.get();
        threads.shutdown();
        assertEquals(400_000, b.count());
        assertEquals(100_000, b.cumulative(0));  // <= 1 ms
        assertEquals(200_000, b.cumulative(2));  // <= 5 ms
        assertEquals(400_000, b.cumulative(3));  // <= 10 ms
        assertEquals(1800.0, b.sumSeconds(), 1e-9);
    }
}
