package lb.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A bounded load: {@code threads} clients on keep-alive connections send {@code total} GETs to
 * the balancer on 127.0.0.1, and the loop stops after {@code limit} whatever happens. Counts
 * answers by status and by the backend that gave them (X-Backend).
 */
public final class ClientLoop {
    public final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    public final Map<String, AtomicInteger> byBackend = new ConcurrentHashMap<>();
    public final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    /**
     * @param progress called with the number of requests done so far, after each one, so a test
     *                 can act (stop a backend, restart it) at given points of the run
     */
    public static ClientLoop run(int port, String path, int threads, int total, Duration limit, IntConsumer progress)
            throws Exception {
        ClientLoop loop = new ClientLoop();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long end = System.nanoTime() + limit.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                while (started.incrementAndGet() <= total && System.nanoTime() < end) {
                    try {
                        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                        loop.byStatus.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        r.headers().firstValue("X-Backend").ifPresent(
                                b -> loop.byBackend.computeIfAbsent(b, x -> new AtomicInteger()).incrementAndGet());
                        if (r.statusCode() != 200) loop.failures.add(r.statusCode() + " " + r.body().trim());
                    } catch (Exception e) {
                        loop.failures.add(e.toString());
                    }
                    progress.accept(done.incrementAndGet());
                }
                return null;
            }));
        }
        for (Future<?> w : workers) w.get();
        pool.shutdownNow();
        return loop;
    }

    public int count(String backend) {
        AtomicInteger n = byBackend.get(backend);
        return n == null ? 0 : n.get();
    }

    public int total() {
        return byStatus.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
