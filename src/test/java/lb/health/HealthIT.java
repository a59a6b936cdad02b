package lb.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import lb.testing.AdminUser;
import lb.testing.BalancerIT;
import lb.testing.ClientLoop;
import lb.testing.LiveConfig;
import lb.testing.RawBackend;
import lb.testing.RawClient;

/** Active health checks, passive ejection, retries and readiness, against backends that fail for real. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthIT extends BalancerIT {
    private static final AtomicInteger H_HEALTH = new AtomicInteger(200);
    private static final RawBackend A;
    private static final RawBackend H;
    private static final AtomicReference<RawBackend> K = new AtomicReference<>();

    static {
        try {
            A = stopAfterwards(withSlowLoad(RawBackend.start("a")));
            H = stopAfterwards(withSlowLoad(RawBackend.start("h")).route("/healthz",
                    e -> e.respond(H_HEALTH.get(), List.of(), "health".getBytes())));
            K.set(withSlowLoad(RawBackend.start("k")));
            LiveConfig.reset(Map.of("lb.backends", A.url() + "," + H.url(),
                    "lb.health.path", "/healthz", "lb.health.interval", "200ms", "lb.health.timeout", "1s",
                    "lb.health.rise", "2", "lb.health.fall", "2", "lb.outlier.base-ejection", "3s"));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** /load takes 5 ms, so a bounded load lasts long enough for a backend to die and return within it. */
    private static RawBackend withSlowLoad(RawBackend b) {
        return b.route("/load", e -> {
            try {
                Thread.sleep(5);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            e.answerWithName();
        });
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    private String backends(int n) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(RawClient.get(port(), "GET", "/x").header("X-Backend"));
        return s.toString();
    }

    @Test
    @Order(1)
    void activeChecksTakeAFailingBackendOutAndBringItBack() throws Exception {
        LiveConfig.awaitStatus(port(), "\"url\":\"" + H.url() + "\"");
        String both = backends(4);
        assertTrue(both.equals("ahah") || both.equals("haha"), both);
        H_HEALTH.set(503);
        LiveConfig.awaitStatus(port(), "\"state\":\"down (health check: HTTP 503)\"");
        assertEquals("aaaaaa", backends(6));
        H_HEALTH.set(200);
        LiveConfig.awaitStatus(port(), "\"url\":\"" + H.url() + "\",\"weight\":1,\"state\":\"up\"");
        assertTrue(backends(4).contains("h"));
    }

    @Test
    @Order(2)
    void aBackendAnswering503IsRetriedElsewhereAndEjectedAfterFiveFailures() throws Exception {
        H.route("/busy", e -> e.respond(503, List.of(), "busy".getBytes()));
        for (int i = 0; i < 4; i++) {
            RawClient.Response r = RawClient.get(port(), "GET", "/busy");
            assertEquals("200 a", r.status + " " + r.header("X-Backend"), "h's 503 was retried on a");
        }
        H.route("/boom", e -> e.respond(500, List.of(), "boom".getBytes()));
        int fiveHundreds = 0;
        for (int i = 0; i < 20 && !RawClient.get(port(), "GET", "/_lb/status", AdminUser.AUTHORIZATION).text().contains("ejected"); i++) {
            if (RawClient.get(port(), "GET", "/boom").status == 500) fiveHundreds++; // 500 is the backend's answer: relayed
        }
        assertTrue(fiveHundreds >= 1 && fiveHundreds <= 5, "h's 503s and 500s in a row make five failures: " + fiveHundreds);
        LiveConfig.awaitStatus(port(), "\"state\":\"ejected for ");
        assertEquals("aaaa", backends(4));
        LiveConfig.awaitStatus(port(), "\"url\":\"" + H.url() + "\",\"weight\":1,\"state\":\"up\"");
    }

    @Test
    @Order(3)
    void aBackendKilledUnderLoadAndRestartedCostsNoRequest() throws Exception {
        RawBackend first = K.get();
        int kPort = first.port();
        LiveConfig.set("lb.backends", A.url() + "," + H.url() + "," + first.url());
        LiveConfig.awaitStatus(port(), "\"url\":\"" + first.url() + "\",\"weight\":1,\"state\":\"up\"");
        ClientLoop loop = ClientLoop.run(port(), "/load", 4, 2000, Duration.ofSeconds(120), done -> {
            try {
                if (done == 300) K.get().close();
                if (done == 1000) K.set(withSlowLoad(RawBackend.start("k", kPort)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            assertEquals(List.of(), loop.failures);
            assertEquals(Map.of(200, 2000), Map.of(200, loop.byStatus.get(200).get()));
            assertTrue(first.receivedCount("/load") > 0);
            LiveConfig.awaitStatus(port(), "\"url\":\"" + first.url() + "\",\"weight\":1,\"state\":\"up\"");
            for (int i = 0; i < 9; i++) RawClient.get(port(), "GET", "/load");
            assertTrue(K.get().receivedCount("/load") > 0, "the restarted backend is used again");
        } finally {
            K.get().close();
        }
    }

    @Test
    @Order(4)
    void noFitBackendMeans503AndReadinessDownWhileLivenessStaysUp() throws Exception {
        LiveConfig.set("lb.backends", H.url());
        LiveConfig.awaitStatus(port(), "\"backends\":[{\"id\":0,\"index\":0,\"url\":\"" + H.url() + "\"");
        H_HEALTH.set(500);
        LiveConfig.awaitStatus(port(), "\"state\":\"down (health check: HTTP 500)\"");
        RawClient.Response r = RawClient.get(port(), "GET", "/x");
        assertEquals(503, r.status);
        assertEquals("503 Service Unavailable: no backend is fit: " + H.url() + " down (health check: HTTP 500)\n", r.text());
        RawClient.Response ready = RawClient.get(port(), "GET", "/_lb/health/ready");
        assertEquals(503, ready.status);
        String json = ready.text().replaceAll("\\s", "");
        assertTrue(json.contains("\"name\":\"lb-backends\",\"status\":\"DOWN\""), json);
        assertTrue(json.contains("\"" + H.url() + "#1\":\"down(healthcheck:HTTP500)\""), json);
        RawClient.Response live = RawClient.get(port(), "GET", "/_lb/health/live");
        assertEquals(200, live.status, live.text());
        assertTrue(live.text().replaceAll("\\s", "").contains("\"status\":\"UP\""), live.text());
        H_HEALTH.set(200);
        LiveConfig.awaitStatus(port(), "\"state\":\"up\"");
        assertEquals(200, RawClient.get(port(), "GET", "/_lb/health/ready").status);
    }
}
