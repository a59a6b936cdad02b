package lb.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client sending GET / to the balancer on 127.0.0.1, one request after the other on a
 * keep-alive connection, from {@link #start} until {@link #stop} (at most 5000 requests or 60 s),
 * recording when each was sent, its status and the backend that answered (X-Backend): what a
 * test needs to see when a change took effect and whether any request failed meanwhile.
 */
public final class Timeline {
    /** One answer: when its request was sent (System.nanoTime), status (0: no answer), X-Backend or the error. */
    public record Entry(long sentNanos, int status, String backend) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CompletableFuture<Void> done;

    private Timeline(int port) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/timeline"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        done = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 5000 && !stopped.get() && System.nanoTime() < end; i++) {
                long sent = System.nanoTime();
                Entry entry;
                try {
                    HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                    entry = new Entry(sent, r.statusCode(), r.headers().firstValue("X-Backend").orElse(""));
                } catch (Exception e) {
                    entry = new Entry(sent, 0, e.toString());
                }
                synchronized (entries) {
                    entries.add(entry);
                }
            }
        });
    }

    public static Timeline start(int port) {
        return new Timeline(port);
    }

    /** Stops sending and returns every answer, in order. */
    public List<Entry> stop() {
        stopped.set(true);
        done.join();
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Whether some request sent at or after {@code nanos} was answered by {@code backend}. */
    public boolean answeredBy(String backend, long nanos) {
        synchronized (entries) {
            return entries.stream().anyMatch(e -> e.sentNanos >= nanos && e.backend.equals(backend));
        }
    }
}
