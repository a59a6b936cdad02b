package lb.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import lb.testing.AdminUser;
import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.RawBackend;
import lb.testing.RawClient;
import lb.testing.RawClient.Response;
import lb.testing.Scrape;

/**
 * Per-client request rates on a real Payara Micro. The rate is 5 a minute with a burst of 2, so
 * a client gets exactly 3 requests through at once and no bucket refills (one request every
 * 12 s) while a test runs: every count is exact, whatever the machine's speed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitIT extends BalancerIT {
    private static final RawBackend BACKEND;

    static {
        BACKEND = backend("b");
        LiveConfig.reset(Map.of("lb.backends", BACKEND.url()));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    @BeforeEach
    void clear() {
        BACKEND.clear();
    }

    private List<Integer> statuses(int requests, String... headerLines) throws Exception {
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < requests; i++) got.add(RawClient.get(port(), "GET", "/x", headerLines).status);
        return got;
    }

    private static void assertRefused(Response r, String why) {
        assertEquals(429, r.status);
        assertEquals("429 Too Many Requests: " + why + "\n", r.text());
        assertEquals("text/plain;charset=UTF-8", r.header("Content-Type"));
        int retryAfter = Integer.parseInt(r.header("Retry-After"));
        assertTrue(retryAfter >= 10 && retryAfter <= 12, "Retry-After " + retryAfter + " for a bucket 12 s from its next request");
    }

    /**
     * {@code lb_rejected_total{reason="rate-limit"}} once it has reached {@code expected} (a
     * request is counted just after its answer went out), or as it is after 5 s.
     */
    private double rateRejections(double expected) throws Exception {
        for (long end = System.nanoTime() + 5_000_000_000L; ; Thread.sleep(20)) {
            Response r = RawClient.get(port(), "GET", "/_lb/metrics?scope=application");
            double seen = new Scrape(r.text()).value("lb_rejected_total", "reason", "rate-limit");
            if (seen >= expected || System.nanoTime() > end) return seen;
        }
    }

    @Test
    @Order(1)
    void aClientGetsItsBurstThenTooManyRequests() throws Exception {
        assertEquals(List.of(200, 200, 200, 200), statuses(4), "no limit by default");
        BACKEND.clear();
        LiveConfig.set("lb.rate.burst", "2");
        LiveConfig.set("lb.rate.limit", "5r/m");
        LiveConfig.awaitStatus(port(), "\"rateLimit\":\"5r/m\",\"rateBurst\":2,");

        assertEquals(List.of(200, 200, 200, 429, 429), statuses(5));
        assertEquals(3, BACKEND.receivedCount());
        assertRefused(RawClient.get(port(), "GET", "/x"), "client 127.0.0.1 is over the rate limit of 5r/m (burst 2)");
        assertEquals(200, RawClient.get(port(), "GET", "/_lb/status", AdminUser.AUTHORIZATION).status, "admin is never limited");
        assertEquals(3, BACKEND.receivedCount());
        assertEquals(3, rateRejections(3));
    }

    @Test
    @Order(2)
    void aForgedForwardedForFromAnUntrustedClientChangesNothing() throws Exception {
        try (RawClient client = new RawClient(port())) {
            for (String forged : List.of("1.1.1.1", "2.2.2.2")) {
                client.write("GET /x HTTP/1.1\nHost: 127.0.0.1\nX-Forwarded-For: " + forged + "\n\n");
                assertRefused(client.read(false), "client 127.0.0.1 is over the rate limit of 5r/m (burst 2)");
            }
        }
        assertEquals(0, BACKEND.receivedCount());
    }

    @Test
    @Order(3)
    void behindATrustedProxyEachForwardedAddressHasItsOwnBucket() throws Exception {
        LiveConfig.set("lb.trusted-proxies", "127.0.0.1");
        LiveConfig.awaitStatus(port(), "\"trustedProxies\":[\"127.0.0.1\"]");
        assertEquals(List.of(200, 200, 200, 429), statuses(4, "X-Forwarded-For: 10.0.0.1"));
        assertEquals(List.of(200, 200, 200, 429), statuses(4, "X-Forwarded-For: 10.0.0.2"));
        assertEquals(6, BACKEND.receivedCount());
        assertRefused(RawClient.get(port(), "GET", "/x", "X-Forwarded-For: 10.0.0.1"),
                "client 10.0.0.1 is over the rate limit of 5r/m (burst 2)");
        assertRefused(RawClient.get(port(), "GET", "/x", "X-Forwarded-For: 6.6.6.6, 10.0.0.2"),
                "client 10.0.0.2 is over the rate limit of 5r/m (burst 2)");
    }

    @Test
    @Order(4)
    void aHeaderKeysTheRateAndItsAbsenceTheAddress() throws Exception {
        LiveConfig.set("lb.rate.key", "header:X-Api-Key");
        LiveConfig.awaitStatus(port(), "\"rateKey\":\"header:X-Api-Key\"");
        assertEquals(List.of(200, 200, 200, 429), statuses(4, "X-Forwarded-For: 10.0.0.3", "X-Api-Key: alpha"));
        assertEquals(List.of(429), statuses(1, "X-Forwarded-For: 10.0.0.4", "X-Api-Key: alpha"), "one key, any address");
        assertEquals(List.of(200, 200, 200, 429), statuses(4, "X-Forwarded-For: 10.0.0.3", "X-Api-Key: beta"));
        assertRefused(RawClient.get(port(), "GET", "/x", "X-Forwarded-For: 10.0.0.3", "X-Api-Key: beta"),
                "this X-Api-Key is over the rate limit of 5r/m (burst 2)");
        assertEquals(List.of(200, 200, 200, 429), statuses(4, "X-Forwarded-For: 10.0.0.5"), "no key: its address");
        assertEquals(9, BACKEND.receivedCount());
        assertEquals(3 + 2 + 4 + 5, rateRejections(14), "every 429 of the four tests");
    }
}
