package lb.bench.connectors;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;

/**
 * What one measured window costs: requests done, errors, latencies (10 µs buckets up to 1 s),
 * the process's CPU time and the bytes its threads allocated (threads that end inside the
 * window are not counted). Outside the window only completions and errors are counted.
 */
final class Meter {
    private static final long BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 100_000;

    private final LongAdder done = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLongArray latency = new AtomicLongArray(BUCKETS + 1);
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private volatile boolean measuring;
    private long startNanos, startCpu, startDone, startErrors;
    private Map<Long, Long> startAllocated;

    void succeeded(long startedNanos) {
        done.increment();
        if (measuring) {
            latency.incrementAndGet((int) Math.min(BUCKETS, (System.nanoTime() - startedNanos) / BUCKET_NANOS));
        }
    }

    void failed(Throwable e) {
        errors.increment();
        firstError.compareAndSet(null, e);
    }

    Throwable firstError() {
        return firstError.get();
    }

    void start() {
        startAllocated = allocated();
        startCpu = os.getProcessCpuTime();
        startDone = done.sum();
        startErrors = errors.sum();
        startNanos = System.nanoTime();
        measuring = true;
    }

    /** Ends the window: req/s, CPU µs and allocated bytes per request, p99 ms, errors, requests. */
    String stop() {
        measuring = false;
        long nanos = System.nanoTime() - startNanos;
        long requests = done.sum() - startDone;
        long cpu = os.getProcessCpuTime() - startCpu;
        long errs = errors.sum() - startErrors;
        Map<Long, Long> endAllocated = allocated();
        long bytes = 0;
        for (Map.Entry<Long, Long> e : endAllocated.entrySet()) {
            bytes += e.getValue() - startAllocated.getOrDefault(e.getKey(), 0L);
        }
        long per = Math.max(1, requests);
        return String.format("%.0f\t%.1f\t%.2f\t%d\t%d\t%d",
                requests * 1e9 / nanos, cpu / 1e3 / per, p99Millis(), errs, bytes / per, requests);
    }

    private double p99Millis() {
        long total = 0;
        for (int i = 0; i <= BUCKETS; i++) total += latency.get(i);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += latency.get(i);
            if (seen * 100 >= total * 99) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return 0;
    }

    private Map<Long, Long> allocated() {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) byThread.put(ids[i], bytes[i]);
        }
        return byThread;
    }
}
