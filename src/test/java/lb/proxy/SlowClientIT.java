package lb.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.PayaraProcess;
import lb.testing.RawBackend;
import lb.testing.RawBackend.Exchange;
import lb.testing.RawClient;
import lb.testing.RawClient.Response;

/**
 * Clients that are slow, stall, or leave in the middle. Each is cut after the server's timeout
 * (30 s, preboot file), and whatever the balancer had started at the backend is dropped with
 * it: the backend sees its connection closed, and no balancer thread is left forwarding
 * (counted in a thread dump of the running server).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlowClientIT extends BalancerIT {
    private static final String FORWARDING = "lb.proxy.Forwarder.forward";
    private static final RawBackend BACKEND;
    /** How each backend exchange ended, by the test's X-Id. */
    private static final Map<String, CompletableFuture<String>> ENDED = new ConcurrentHashMap<>();
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();

    static {
        BACKEND = backend("b")
                .route("/upload", e -> tracked(e, () -> {
                    e.bodyBytes();
                    e.answerWithName();
                }))
                .route("/stream", e -> tracked(e, () -> {
                    // Up to 1 GiB, as fast as it is taken: far more than any test reads.
                    e.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                    byte[] chunk = ("2000\r\n" + "x".repeat(8192) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                    for (int i = 0; i < 131_072; i++) e.out.write(chunk);
                    e.write("0\r\n\r\n");
                }));
        LiveConfig.reset(Map.of("lb.backends", BACKEND.url()));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    @AfterAll
    static void stopClients() {
        CLIENTS.shutdownNow();
    }

    @FunctionalInterface
    private interface Io {
        void run() throws IOException;
    }

    /** Runs a handler and records how it ended: "completed", or the failure that ended it. */
    private static void tracked(Exchange e, Io handler) throws IOException {
        CompletableFuture<String> ended = ENDED.computeIfAbsent(e.header("X-Id"), id -> new CompletableFuture<>());
        try {
            handler.run();
            ended.complete("completed");
        } catch (IOException failed) {
            ended.complete("broken off");
            throw failed;
        }
    }

    private static String endOf(String id) throws Exception {
        return ENDED.computeIfAbsent(id, k -> new CompletableFuture<>()).get(90, TimeUnit.SECONDS);
    }

    /** Polls the server's thread dump until no thread is forwarding (up to 20 s). */
    private static void awaitNoThreadForwarding() throws Exception {
        int threads = -1;
        for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; Thread.sleep(200)) {
            threads = PayaraProcess.threadsIn(FORWARDING);
            if (threads == 0) return;
        }
        assertEquals(0, threads, "threads still forwarding");
    }

    private static void awaitBackendConnections(int count) throws InterruptedException {
        for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
            if (BACKEND.openConnections() == count) return;
        }
        assertEquals(count, BACKEND.openConnections(), "connections open at the backend");
    }

    @Test
    @Order(1)
    void aClientLeavingMidRequestDropsTheBackendRequest() throws Exception {
        for (String framing : List.of("Content-Length: 1000000", "Transfer-Encoding: chunked")) {
            String id = "mid-request " + framing;
            try (RawClient client = new RawClient(port())) {
                client.write("POST /upload HTTP/1.1\nHost: x\nX-Id: " + id + "\n" + framing + "\n\n");
                // More than the balancer's client buffers (8 KiB) before it writes to the backend.
                client.write((framing.startsWith("Content") ? "x".repeat(65536) : "10000\r\n" + "x".repeat(65536) + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertEquals("/upload", BACKEND.next().target);
                assertEquals(1, PayaraProcess.threadsIn(FORWARDING), "the request is being forwarded");
            }
            assertEquals("broken off", endOf(id), framing);
            awaitBackendConnections(0);
            awaitNoThreadForwarding();
        }
    }

    @Test
    @Order(2)
    void aClientLeavingMidResponseDropsTheBackendRequest() throws Exception {
        try (RawClient client = new RawClient(port())) {
            client.write("GET /stream HTTP/1.1\nHost: x\nX-Id: mid-response\n\n");
            InputStream in = client.input();
            byte[] some = in.readNBytes(256 * 1024);
            assertEquals(256 * 1024, some.length);
            assertEquals(1, PayaraProcess.threadsIn(FORWARDING), "the response is being relayed");
        }
        assertEquals("broken off", endOf("mid-response"));
        awaitBackendConnections(0);
        awaitNoThreadForwarding();
    }

    /** The three waits run at once: each is the server's 30 s timeout. */
    @Test
    @Order(3)
    void slowClientsAreCutAfterTheServerTimeouts() throws Exception {
        BACKEND.clear();
        Future<Boolean> stalledHead = CLIENTS.submit(() -> {
            try (RawClient client = new RawClient(port())) {
                client.setTimeout(90_000);
                client.write("GET /never HTTP/1.1\nHost: x\n".getBytes(StandardCharsets.ISO_8859_1));
                return client.closedByServer();
            }
        });
        Future<Response> stalledBody = CLIENTS.submit(() -> {
            try (RawClient client = new RawClient(port())) {
                client.setTimeout(90_000);
                // Enough that the balancer has started sending it on (its client buffers 8 KiB), then nothing.
                client.write("POST /upload HTTP/1.1\nHost: x\nX-Id: stalled-body\nContent-Length: 100000\n\n" + "x".repeat(16384));
                Response r = client.read(false);
                assertTrue(client.closedByServer(), "closed after the 408");
                return r;
            }
        });
        Future<Boolean> notReading = CLIENTS.submit(() -> {
            try (RawClient client = new RawClient(port())) {
                client.setTimeout(90_000);
                client.write("GET /stream HTTP/1.1\nHost: x\nX-Id: not-reading\n\n");
                // Reads nothing until the backend's exchange has ended.
                endOf("not-reading");
                return true;
            }
        });

        assertTrue(stalledHead.get(90, TimeUnit.SECONDS), "a head that stops coming is cut");
        Response r = stalledBody.get(90, TimeUnit.SECONDS);
        assertEquals(408, r.status);
        assertEquals("408 Request Timeout: the request body did not arrive in time\n", r.text());
        assertEquals("broken off", endOf("stalled-body"));
        assertTrue(notReading.get(90, TimeUnit.SECONDS));
        assertEquals("broken off", endOf("not-reading"));
        // The stalled head never reached the backend; the other two did.
        assertEquals(Set.of("/upload", "/stream"), Set.of(BACKEND.next().target, BACKEND.next().target));
        assertEquals(0, BACKEND.receivedCount());
        awaitBackendConnections(0);
        awaitNoThreadForwarding();
    }
}
