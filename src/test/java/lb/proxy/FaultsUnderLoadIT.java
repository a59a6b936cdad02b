package lb.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.RawBackend;
import lb.testing.RawClient;
import lb.testing.RawClient.Response;

/**
 * Backends stopped and started under a steady load: one is stopped and started again, then
 * each is restarted in turn. Every GET must succeed; every POST must have reached exactly one
 * backend, or been answered 502/503 having reached at most one: never sent twice.
 */
class FaultsUnderLoadIT extends BalancerIT {
    private static final int CLIENTS = 4;
    private static final int REQUESTS_PER_CLIENT = 400;
    private static final String[] NAMES = {"b1", "b2", "b3"};
    private static final RawBackend[] BACKENDS = new RawBackend[3];
    private static final int[] PORTS = new int[3];
    /** POST ids as the backends received them, across restarts. */
    private static final Map<String, AtomicInteger> POSTS_RECEIVED = new ConcurrentHashMap<>();
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    static {
        try {
            for (int i = 0; i < 3; i++) {
                BACKENDS[i] = start(i, 0);
                PORTS[i] = BACKENDS[i].port();
            }
            LiveConfig.reset(Map.of("lb.backends", BACKENDS[0].url() + "," + BACKENDS[1].url() + "," + BACKENDS[2].url()));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Each answer takes a moment, so a stopped backend takes requests in progress down with it. */
    private static RawBackend start(int i, int port) throws IOException {
        return RawBackend.start(NAMES[i], port)
                .route("/get", e -> {
                    pause();
                    e.answerWithName();
                })
                .route("/post", e -> {
                    POSTS_RECEIVED.computeIfAbsent(e.header("X-Id"), id -> new AtomicInteger()).incrementAndGet();
                    pause();
                    e.answerWithName();
                });
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            throw new IOException("stopped", e);
        }
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    @AfterAll
    static void stopAll() throws IOException {
        THREADS.shutdownNow();
        for (RawBackend b : BACKENDS) b.close();
    }

    /** What happened at each step, by the number of requests completed when it was taken. */
    private record Step(int at, int backend, boolean start) {
    }

    private static final List<Step> SCHEDULE = List.of(
            // One backend down for a while, then back.
            new Step(150, 0, false), new Step(400, 0, true),
            // A rolling restart: each one stopped and started again, one after another.
            new Step(550, 0, false), new Step(600, 0, true),
            new Step(750, 1, false), new Step(800, 1, true),
            new Step(950, 2, false), new Step(1000, 2, true),
            // And one that comes straight back.
            new Step(1150, 1, false), new Step(1150, 1, true));

    @Test
    void stoppingAndRestartingBackendsLosesNothing() throws Exception {
        AtomicInteger completed = new AtomicInteger();
        Map<String, Integer> postStatus = new ConcurrentHashMap<>();
        Map<String, Integer> getFailures = new ConcurrentHashMap<>();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(THREADS.submit(() -> {
                for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                    String request = client + "/" + i;
                    if (i % 3 == 0) {
                        String id = UUID.randomUUID().toString();
                        postStatus.put(id, status("POST /post HTTP/1.1\nHost: x\nX-Id: " + id
                                + "\nContent-Length: 5\nConnection: close\n\nhello"));
                    } else {
                        int status = status("GET /get HTTP/1.1\nHost: x\nConnection: close\n\n");
                        if (status != 200) getFailures.put(request, status);
                    }
                    completed.incrementAndGet();
                }
                return null;
            }));
        }
        Future<?> faults = THREADS.submit(() -> {
            for (Step step : SCHEDULE) {
                while (completed.get() < step.at()) Thread.sleep(2);
                if (step.start()) {
                    BACKENDS[step.backend()] = start(step.backend(), PORTS[step.backend()]);
                } else {
                    BACKENDS[step.backend()].close();
                }
            }
            return null;
        });
        for (Future<?> f : clients) f.get(5, TimeUnit.MINUTES);
        faults.get(1, TimeUnit.MINUTES);

        assertEquals(Map.of(), new TreeMap<>(getFailures), "idempotent requests that failed (request: status, -1 for no answer)");
        Map<String, String> wrong = new TreeMap<>();
        for (Map.Entry<String, Integer> post : postStatus.entrySet()) {
            AtomicInteger received = POSTS_RECEIVED.get(post.getKey());
            int times = received == null ? 0 : received.get();
            boolean right = post.getValue() == 200 ? times == 1 : (post.getValue() == 502 || post.getValue() == 503) && times <= 1;
            if (!right) wrong.put(post.getKey(), "answered " + post.getValue() + ", received " + times + " times");
        }
        assertEquals(Map.of(), wrong, "POSTs lost or sent twice");
        assertEquals(CLIENTS * REQUESTS_PER_CLIENT, completed.get());
        assertTrue(postStatus.values().stream().filter(s -> s == 200).count() > postStatus.size() / 2,
                "most POSTs succeed: " + postStatus.values());
    }

    /** The status of one request on its own connection; -1 when no complete answer came. */
    private int status(String request) {
        try {
            Response r = RawClient.send(port(), request);
            return r.complete ? r.status : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
