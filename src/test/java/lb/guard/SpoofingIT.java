package lb.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.RawBackend;
import lb.testing.RawBackend.Exchange;
import lb.testing.RawClient;
import lb.testing.RawClient.Response;

/**
 * Clients that claim to be someone else: forged X-Forwarded-* and Forwarded headers, and forged
 * addresses to get around the per-client limit. Only a proxy in lb.trusted-proxies is believed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpoofingIT extends BalancerIT {
    private static final RawBackend BACKEND;
    /** Requests to /hold wait here until the test lets them go. */
    private static final Semaphore HELD = new Semaphore(0);
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();
    private static final String[] FORGED = {
            "X-Forwarded-For: 6.6.6.6",
            "X-Forwarded-Proto: https",
            "X-Forwarded-Host: evil.example",
            "X-Forwarded-Port: 443",
            "Forwarded: for=6.6.6.6;proto=https"};

    static {
        BACKEND = backend("b").route("/hold", e -> {
            try {
                if (!HELD.tryAcquire(30, TimeUnit.SECONDS)) throw new IOException("never released");
            } catch (InterruptedException interrupted) {
                throw new IOException(interrupted);
            }
            e.answerWithName();
        });
        LiveConfig.reset(Map.of("lb.backends", BACKEND.url()));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    @AfterAll
    static void stopClients() {
        HELD.release(100);
        CLIENTS.shutdownNow();
    }

    @BeforeEach
    void clear() {
        BACKEND.clear();
    }

    /** The forwarding headers the backend received, in order. */
    private List<String> forwardingHeaders(String... headerLines) throws Exception {
        Response r = RawClient.get(port(), "GET", "/x", headerLines);
        assertEquals(200, r.status);
        Exchange got = BACKEND.next();
        List<String> lines = new ArrayList<>();
        for (String line : got.headerLines()) {
            String name = line.substring(0, line.indexOf(':')).toLowerCase();
            if (name.startsWith("x-forwarded-") || name.equals("forwarded")) lines.add(line);
        }
        return lines;
    }

    @Test
    @Order(1)
    void anUntrustedClientCannotForgeWhereItComesFrom() throws Exception {
        assertEquals(List.of(
                "X-Forwarded-For: 127.0.0.1",
                "X-Forwarded-Proto: http",
                "X-Forwarded-Host: 127.0.0.1:" + port(),
                "X-Forwarded-Port: " + port(),
                "Forwarded: for=127.0.0.1;host=\"127.0.0.1:" + port() + "\";proto=http"), forwardingHeaders(FORGED));
        // Without a Forwarded header from the client the balancer adds none: X-Forwarded-* say it all.
        assertEquals(List.of(
                "X-Forwarded-For: 127.0.0.1",
                "X-Forwarded-Proto: http",
                "X-Forwarded-Host: 127.0.0.1:" + port(),
                "X-Forwarded-Port: " + port()), forwardingHeaders("X-Forwarded-For: 6.6.6.6, 7.7.7.7"));
    }

    @Test
    @Order(2)
    void anUntrustedClientCannotDodgeItsLimitWithAnotherAddress() throws Exception {
        LiveConfig.set("lb.client.max-connections", "2");
        LiveConfig.awaitStatus(port(), "\"clientMaxConnections\":2");
        List<Future<Response>> held = List.of(hold(), hold("X-Forwarded-For: 1.1.1.1"));
        awaitReceived(2);
        for (String forged : List.of("X-Forwarded-For: 2.2.2.2", "Forwarded: for=3.3.3.3")) {
            Response refused = RawClient.get(port(), "GET", "/x", forged);
            assertEquals(503, refused.status, forged);
            assertEquals("503 Service Unavailable: client 127.0.0.1 already has 2 requests in progress\n", refused.text());
        }
        HELD.release(2);
        for (Future<Response> f : held) assertEquals("b", f.get(30, TimeUnit.SECONDS).text());
        assertEquals(200, RawClient.get(port(), "GET", "/x").status);
    }

    @Test
    @Order(3)
    void aTrustedProxyIsBelievedAndAppendedTo() throws Exception {
        LiveConfig.set("lb.trusted-proxies", "10.0.0.0/8, 127.0.0.1");
        LiveConfig.awaitStatus(port(), "\"trustedProxies\":[\"10.0.0.0/8\",\"127.0.0.1\"]");
        assertEquals(List.of(
                "X-Forwarded-For: 6.6.6.6, 127.0.0.1",
                "X-Forwarded-Proto: https",
                "X-Forwarded-Host: evil.example",
                "X-Forwarded-Port: 443",
                "Forwarded: for=6.6.6.6;proto=https, for=127.0.0.1;host=\"127.0.0.1:" + port() + "\";proto=http"),
                forwardingHeaders(FORGED));
        // What the trusted proxy did not say, the balancer says.
        assertEquals(List.of(
                "X-Forwarded-For: 198.51.100.1, 127.0.0.1",
                "X-Forwarded-Proto: http",
                "X-Forwarded-Host: 127.0.0.1:" + port(),
                "X-Forwarded-Port: " + port()), forwardingHeaders("X-Forwarded-For: 198.51.100.1"));
    }

    @Test
    @Order(4)
    void behindATrustedProxyEachRealClientHasItsOwnLimit() throws Exception {
        // lb.client.max-connections is still 2 and 127.0.0.1 a trusted proxy.
        List<Future<Response>> held = List.of(
                hold("X-Forwarded-For: 198.51.100.1"),
                hold("X-Forwarded-For: 6.6.6.6, 198.51.100.1, 10.1.2.3"));
        awaitReceived(2);
        Response refused = RawClient.get(port(), "GET", "/x", "X-Forwarded-For: 198.51.100.1");
        assertEquals("503 Service Unavailable: client 198.51.100.1 already has 2 requests in progress\n", refused.text());
        assertEquals(200, RawClient.get(port(), "GET", "/x", "X-Forwarded-For: 198.51.100.2").status);
        HELD.release(2);
        for (Future<Response> f : held) assertEquals("b", f.get(30, TimeUnit.SECONDS).text());
        assertEquals(200, RawClient.get(port(), "GET", "/x", "X-Forwarded-For: 198.51.100.1").status);
    }

    @Test
    @Order(5)
    void aLimitOfZeroIsNoLimit() throws Exception {
        LiveConfig.set("lb.client.max-connections", "0");
        LiveConfig.awaitStatus(port(), "\"clientMaxConnections\":0");
        List<Future<Response>> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) held.add(hold());
        awaitReceived(5);
        assertEquals(200, RawClient.get(port(), "GET", "/x").status);
        HELD.release(5);
        for (Future<Response> f : held) assertEquals("b", f.get(30, TimeUnit.SECONDS).text());
    }

    private Future<Response> hold(String... headerLines) {
        return CLIENTS.submit(() -> RawClient.get(port(), "GET", "/hold", headerLines));
    }

    private static void awaitReceived(int count) throws InterruptedException {
        for (long end = System.nanoTime() + 15_000_000_000L; System.nanoTime() < end; Thread.sleep(20)) {
            if (BACKEND.receivedCount() >= count) return;
        }
        assertTrue(BACKEND.receivedCount() >= count, "the backend received " + BACKEND.receivedCount() + " of " + count);
    }
}
