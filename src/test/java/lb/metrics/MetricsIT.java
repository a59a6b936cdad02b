package lb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
import lb.testing.Scrape;

/**
 * The balancer's metrics in Payara's MicroProfile Metrics at /_lb/metrics, counted exactly, and
 * who may read them. Each test reads what the ones before it left, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT extends BalancerIT {
    private static final String METRICS = "/_lb/metrics?scope=application";
    private static final RawBackend A;
    private static final RawBackend B;
    private static final RawBackend C;
    private static final String DEAD;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    static {
        RawBackend.Handler slow = e -> {
            try {
                RELEASE.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            e.answerWithName();
        };
        A = backend("a").route("/slow", slow);
        B = backend("b").route("/slow", slow);
        C = backend("c").route("/slow", slow);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            DEAD = "http://127.0.0.1:" + s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        LiveConfig.reset(Map.of("lb.backends", A.url() + "," + B.url() + "," + C.url()));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    /** A scrape from 127.0.0.1 without credentials: the default lb.metrics.allow lets loopback in. */
    private Scrape scrape() throws Exception {
        RawClient.Response r = RawClient.get(port(), "GET", METRICS);
        assertEquals(200, r.status, r.text());
        return new Scrape(r.text());
    }

    /**
     * The first scrape (within 5 s) where the series has reached {@code expected}: a request is
     * counted once its answer is complete, so the client may have it a moment earlier.
     */
    private Scrape scrapeWhen(double expected, String name, String... labels) throws Exception {
        Scrape m = scrape();
        for (long end = System.nanoTime() + 5_000_000_000L; m.value(name, labels) < expected && System.nanoTime() < end; ) {
            Thread.sleep(20);
            m = scrape();
        }
        return m;
    }

    @Test
    @Order(1)
    void thirtyRequestsRoundRobinAreTenPerBackend() throws Exception {
        for (int i = 0; i < 30; i++) {
            assertEquals(200, RawClient.get(port(), "GET", "/x").status);
        }
        Scrape m = scrapeWhen(10, "lb_request_duration_seconds_count", "backend", C.url());
        m = scrapeWhen(10, "lb_request_duration_seconds_count", "backend", B.url());
        m = scrapeWhen(10, "lb_request_duration_seconds_count", "backend", A.url());
        for (RawBackend b : new RawBackend[] {A, B, C}) {
            assertEquals(10, m.value("lb_requests_total", "backend", b.url(), "code", "2xx"), b.name());
            for (String code : new String[] {"none", "1xx", "3xx", "4xx", "5xx"}) {
                assertEquals(0, m.value("lb_requests_total", "backend", b.url(), "code", code), b.name() + " " + code);
            }
            assertEquals(10, m.value("lb_request_duration_seconds_count", "backend", b.url()));
            assertEquals(10, m.value("lb_request_duration_seconds_bucket", "backend", b.url(), "le", "+Inf"));
            assertEquals(10, m.value("lb_request_duration_seconds_bucket", "backend", b.url(), "le", "60.0"));
            double previous = 0;
            for (double bound : BalancerMetrics.DURATION_BOUNDS) {
                double count = m.value("lb_request_duration_seconds_bucket", "backend", b.url(), "le", Double.toString(bound));
                assertTrue(count >= previous, "buckets are cumulative");
                previous = count;
            }
            double sum = m.value("lb_request_duration_seconds_sum", "backend", b.url());
            assertTrue(sum > 0 && sum < 30, "sum " + sum);
            assertEquals(1, m.value("lb_backend_up", "backend", b.url()));
            assertEquals(0, m.value("lb_backend_in_flight", "backend", b.url()));
            assertEquals(0, m.value("lb_ejections_total", "backend", b.url()));
        }
        assertEquals(0, m.value("lb_retries_total"));
        assertEquals(0, m.value("lb_queue_waiting"));
        for (String reason : new String[] {"guard", "client-limit", "rate-limit", "queue", "no-backend", "stopping"}) {
            assertEquals(0, m.value("lb_rejected_total", "reason", reason), reason);
        }
    }

    @Test
    @Order(2)
    void aRequestStillAtItsBackendIsInFlight() throws Exception {
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<RawClient.Response> slow = client.submit(() -> RawClient.get(port(), "GET", "/slow"));
            RawBackend at = null;
            for (long end = System.nanoTime() + 10_000_000_000L; at == null && System.nanoTime() < end; Thread.sleep(20)) {
                for (RawBackend b : new RawBackend[] {A, B, C}) {
                    if (b.receivedCount("/slow") == 1) at = b;
                }
            }
            assertTrue(at != null, "the slow request reached no backend");
            Scrape m = scrape();
            for (RawBackend b : new RawBackend[] {A, B, C}) {
                assertEquals(b == at ? 1 : 0, m.value("lb_backend_in_flight", "backend", b.url()), b.name());
            }
            RELEASE.countDown();
            assertEquals(200, slow.get(20, TimeUnit.SECONDS).status);
            // in flight ends when the answer has gone out, a moment after the client has it
            double inFlight = 1;
            for (long end = System.nanoTime() + 5_000_000_000L; inFlight != 0 && System.nanoTime() < end; Thread.sleep(20)) {
                inFlight = scrape().value("lb_backend_in_flight", "backend", at.url());
            }
            assertEquals(0, inFlight);
        } finally {
            RELEASE.countDown();
            client.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void aRefusedRequestCountsAsRejectedByTheGuard() throws Exception {
        double before = scrape().value("lb_rejected_total", "reason", "guard");
        RawClient.Response r = RawClient.send(port(), "GET /x HTTP/1.1\nHost: 127.0.0.1\nContent-Length: 0\nContent-Length: 0\n"
                + "Connection: close\n\n");
        assertEquals(400, r.status);
        Scrape m = scrapeWhen(before + 1, "lb_rejected_total", "reason", "guard");
        assertEquals(before + 1, m.value("lb_rejected_total", "reason", "guard"));
    }

    @Test
    @Order(4)
    void aRefusedConnectionIsRetriedElsewhereAndEjectsItsBackend() throws Exception {
        Scrape before = scrape();
        LiveConfig.set("lb.outlier.consecutive", "1");
        LiveConfig.set("lb.backends", DEAD + "," + A.url());
        LiveConfig.awaitStatus(port(), DEAD);
        for (int i = 0; i < 2; i++) {
            assertEquals(200, RawClient.get(port(), "GET", "/x").status);
        }
        double a2xx = before.value("lb_requests_total", "backend", A.url(), "code", "2xx") + 2;
        scrapeWhen(a2xx, "lb_requests_total", "backend", A.url(), "code", "2xx");
        Scrape m = scrapeWhen(before.value("lb_retries_total") + 1, "lb_retries_total");
        assertEquals(1, m.value("lb_requests_total", "backend", DEAD, "code", "5xx"));
        assertEquals(a2xx, m.value("lb_requests_total", "backend", A.url(), "code", "2xx"));
        assertEquals(before.value("lb_retries_total") + 1, m.value("lb_retries_total"));
        assertEquals(1, m.value("lb_ejections_total", "backend", DEAD));
        assertEquals(0, m.value("lb_backend_up", "backend", DEAD));
        assertEquals(1, m.value("lb_backend_up", "backend", A.url()));
    }

    @Test
    @Order(5)
    void noFitBackendCountsAsRejected() throws Exception {
        double before = scrape().value("lb_rejected_total", "reason", "no-backend");
        LiveConfig.set("lb.backends", A.url() + ";weight=0");
        LiveConfig.awaitStatus(port(), "\"weight\":0");
        assertEquals(503, RawClient.get(port(), "GET", "/x").status);
        Scrape m = scrapeWhen(before + 1, "lb_rejected_total", "reason", "no-backend");
        assertEquals(before + 1, m.value("lb_rejected_total", "reason", "no-backend"));
        assertEquals(0, m.value("lb_backend_up", "backend", A.url()));
    }

    @Test
    @Order(6)
    void everyHealthCheckIsCounted() throws Exception {
        LiveConfig.set("lb.backends", A.url());
        LiveConfig.set("lb.health.interval", "100ms");
        LiveConfig.set("lb.health.path", "/health");
        for (long end = System.nanoTime() + 15_000_000_000L; A.receivedCount("/health") < 3 && System.nanoTime() < end; ) {
            Thread.sleep(50);
        }
        LiveConfig.set("lb.health.path", "");
        LiveConfig.awaitStatus(port(), "\"healthPath\":\"\"");
        Thread.sleep(1000); // a check already under way ends and is counted
        Scrape m = scrape();
        assertTrue(A.receivedCount("/health") >= 3);
        assertEquals(A.receivedCount("/health"), m.value("lb_health_checks_total", "backend", A.url(), "result", "passed"));
        assertEquals(0, m.value("lb_health_checks_total", "backend", A.url(), "result", "failed"));
    }

    @Test
    @Order(7)
    void outsideTheAllowListOnlyTheRoleMayRead() throws Exception {
        LiveConfig.set("lb.metrics.allow", "10.0.0.0/8");
        RawClient.Response r = RawClient.get(port(), "GET", METRICS);
        for (long end = System.nanoTime() + 15_000_000_000L; r.status == 200 && System.nanoTime() < end; Thread.sleep(100)) {
            r = RawClient.get(port(), "GET", METRICS);
        }
        assertEquals(401, r.status);
        assertTrue(r.header("WWW-Authenticate").startsWith("Basic"), r.header("WWW-Authenticate"));
        assertEquals(401, RawClient.get(port(), "GET", "/_lb/metrics", "Authorization: Basic d3Jvbmc6d3Jvbmc=").status);
        RawClient.Response admin = RawClient.get(port(), "GET", METRICS, AdminUser.AUTHORIZATION);
        assertEquals(200, admin.status);
        assertEquals(1, new Scrape(admin.text()).value("lb_backend_up", "backend", A.url()));

        LiveConfig.set("lb.metrics.allow", "127.0.0.1");
        for (long end = System.nanoTime() + 15_000_000_000L; r.status != 200 && System.nanoTime() < end; Thread.sleep(100)) {
            r = RawClient.get(port(), "GET", METRICS);
        }
        assertEquals(200, r.status);
    }

    @Test
    @Order(8)
    void underAnotherPrefixTheBalancerPointsToTheServersEndpoint() throws Exception {
        LiveConfig.set("lb.admin.prefix", "/admin/");
        RawClient.Response r = RawClient.get(port(), "GET", "/admin/metrics");
        for (long end = System.nanoTime() + 15_000_000_000L; r.status != 404 && System.nanoTime() < end; Thread.sleep(100)) {
            r = RawClient.get(port(), "GET", "/admin/metrics");
        }
        assertEquals("404 Not Found: the server's MicroProfile Metrics serves the balancer's metrics at its own endpoint; "
                + "on Payara move it here with set-metrics-configuration --endpoint=admin/metrics\n", r.text());
        assertEquals(200, RawClient.get(port(), "GET", METRICS).status); // Payara's, still guarded: loopback is allowed
        LiveConfig.set("lb.metrics.allow", "none");
        for (long end = System.nanoTime() + 15_000_000_000L; r.status != 401 && System.nanoTime() < end; Thread.sleep(100)) {
            r = RawClient.get(port(), "GET", "/admin/metrics");
        }
        assertEquals(401, r.status);
        assertEquals(401, RawClient.get(port(), "GET", METRICS).status);
    }
}
