package lb.balancing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import lb.testing.BalancerIT;
import lb.testing.ClientLoop;
import lb.testing.LiveConfig;
import lb.testing.RawBackend;
import lb.testing.RawClient;

/** Each strategy on a real Payara Micro in front of real backends, switched live. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StrategiesIT extends BalancerIT {
    private static final RawBackend A;
    private static final RawBackend B;
    private static final RawBackend C;

    static {
        A = backend("a");
        B = backend("b");
        C = backend("c").route("/slow", e -> {
            try {
                Thread.sleep(300); // the backend is slow
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            e.answerWithName();
        });
        LiveConfig.reset(Map.of("lb.backends", A.url() + ";weight=5," + B.url() + "," + C.url(),
                "lb.strategy", "weighted-round-robin"));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    private String backendOf(String... headerLines) throws IOException {
        return RawClient.get(port(), "GET", "/x", headerLines).header("X-Backend");
    }

    private String sequence(int n) throws IOException {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < n; i++) s.add(backendOf());
        return String.join(" ", s);
    }

    @Test
    @Order(1)
    void weightedRoundRobinGivesTheSmoothSequence() throws Exception {
        LiveConfig.awaitStatus(port(), "\"strategy\":\"weighted-round-robin\"");
        assertEquals("a a b a c a a a a b a c a a", sequence(14));
    }

    @Test
    @Order(2)
    void aDrainedBackendGetsNothing() throws Exception {
        LiveConfig.set("lb.backends", A.url() + ";weight=0," + B.url() + "," + C.url());
        LiveConfig.awaitStatus(port(), "\"weight\":0");
        assertEquals("b c b c b c", sequence(6));
    }

    @Test
    @Order(3)
    void stickySessionsSetACookieHonourItAndMoveWhenTheBackendIsDrained() throws Exception {
        LiveConfig.set("lb.backends", A.url() + "," + B.url() + "," + C.url());
        LiveConfig.set("lb.strategy", "round-robin");
        LiveConfig.set("lb.sticky.cookie", "LBID");
        LiveConfig.awaitStatus(port(), "\"strategy\":\"round-robin\"");
        LiveConfig.awaitStatus(port(), "\"stickyCookie\":\"LBID\"");
        LiveConfig.awaitStatus(port(), "\"url\":\"" + A.url() + "\",\"weight\":1,\"state\":\"up\"");
        RawClient.Response first = RawClient.get(port(), "GET", "/x");
        String cookie = first.header("Set-Cookie");
        assertTrue(cookie.matches("LBID=[0-9a-f]+; Path=/; HttpOnly"), cookie);
        String id = cookie.substring(0, cookie.indexOf(';'));
        String pinned = first.header("X-Backend");
        for (int i = 0; i < 5; i++) {
            RawClient.Response again = RawClient.get(port(), "GET", "/x", "Cookie: other=1; " + id);
            assertEquals(pinned, again.header("X-Backend"));
            assertNull(again.header("Set-Cookie"), "the cookie already names the backend");
        }
        RawBackend drained = pinned.equals("a") ? A : pinned.equals("b") ? B : C;
        List<String> list = new ArrayList<>();
        for (RawBackend r : List.of(A, B, C)) list.add(r.url() + (r == drained ? ";weight=0" : ""));
        LiveConfig.set("lb.backends", String.join(",", list));
        LiveConfig.awaitStatus(port(), "\"weight\":0");
        RawClient.Response moved = RawClient.get(port(), "GET", "/x", "Cookie: " + id);
        assertNotEquals(pinned, moved.header("X-Backend"));
        assertTrue(moved.header("Set-Cookie").startsWith("LBID="), "a new cookie names the new backend");
        assertNotEquals(id, moved.header("Set-Cookie").substring(0, moved.header("Set-Cookie").indexOf(';')));
        LiveConfig.set("lb.sticky.cookie", "");
        LiveConfig.set("lb.backends", A.url() + "," + B.url() + "," + C.url());
        LiveConfig.awaitStatus(port(), "\"url\":\"" + drained.url() + "\",\"weight\":1,\"state\":\"up\"");
        LiveConfig.awaitStatus(port(), "\"stickyCookie\":\"\"");
    }

    @Test
    @Order(4)
    void consistentHashKeepsAKeyOnOneBackend() throws Exception {
        LiveConfig.set("lb.strategy", "consistent-hash");
        LiveConfig.set("lb.hash.key", "header:X-User");
        LiveConfig.awaitStatus(port(), "\"strategy\":\"consistent-hash\",\"hashKey\":\"header:X-User\"");
        List<String> owners = new ArrayList<>();
        for (int user = 0; user < 30; user++) {
            String owner = backendOf("X-User: user-" + user);
            for (int i = 0; i < 3; i++) assertEquals(owner, backendOf("X-User: user-" + user), "user-" + user);
            owners.add(owner);
        }
        assertEquals(3, owners.stream().distinct().count(), "30 users spread over the 3 backends: " + owners);
    }

    /** 8 clients, 240 requests; C takes 300 ms per answer, A and B answer at once. */
    private ClientLoop loadWithSlowC() throws Exception {
        return ClientLoop.run(port(), "/slow", 8, 240, Duration.ofSeconds(60), done -> { });
    }

    @Test
    @Order(5)
    void leastRequestsAndPowerOfTwoSendLessToASlowBackend() throws Exception {
        LiveConfig.set("lb.strategy", "round-robin");
        LiveConfig.awaitStatus(port(), "\"strategy\":\"round-robin\"");
        ClientLoop roundRobin = loadWithSlowC();
        assertEquals(80, roundRobin.count("c"), "round robin: a third each, slow or not");
        for (String strategy : List.of("least-requests", "power-of-two")) {
            LiveConfig.set("lb.strategy", strategy);
            LiveConfig.awaitStatus(port(), "\"strategy\":\"" + strategy + "\"");
            ClientLoop loop = loadWithSlowC();
            assertEquals(Map.of(200, 240), Map.of(200, loop.byStatus.get(200).get()), strategy + ": " + loop.failures);
            assertTrue(loop.count("c") < 24, strategy + " sent the slow backend " + loop.count("c") + " of 240");
        }
    }

    @Test
    @Order(6)
    void aBackendAtItsLimitQueuesAndAFullQueueIsRefusedAtOnce() throws Exception {
        LiveConfig.set("lb.backends", C.url());
        LiveConfig.set("lb.backend.max-requests", "1");
        LiveConfig.set("lb.queue.size", "1");
        LiveConfig.set("lb.queue.timeout", "10s");
        LiveConfig.awaitStatus(port(), "\"backends\":[{\"id\":0,\"index\":0,\"url\":\"" + C.url() + "\"");
        LiveConfig.awaitStatus(port(), "\"maxRequests\":1,\"queueSize\":1,\"queueTimeout\":\"10s\"");
        ExecutorService clients = Executors.newFixedThreadPool(2);
        CountDownLatch hold = new CountDownLatch(1);
        C.route("/held", e -> {
            try {
                hold.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            e.answerWithName();
        });
        Future<RawClient.Response> inFlight = clients.submit(() -> RawClient.get(port(), "GET", "/held"));
        LiveConfig.awaitStatus(port(), "\"inFlight\":1");
        Future<RawClient.Response> queued = clients.submit(() -> RawClient.get(port(), "GET", "/x"));
        LiveConfig.awaitStatus(port(), "\"queued\":1");
        RawClient.Response refused = RawClient.get(port(), "GET", "/x");
        assertEquals("503 Service Unavailable: every backend is at its limit of 1 requests and the queue of 1 is full\n",
                refused.text());
        hold.countDown();
        assertEquals(200, inFlight.get().status);
        assertEquals(200, queued.get().status);
        clients.shutdown();
    }
}
