package lb.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.RawBackend;
import lb.testing.RawClient;
import lb.testing.RawClient.Response;

/** What the client gets when a backend is missing, silent, slow or broken. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailuresIT extends BalancerIT {
    private static final RawBackend GOOD;
    private static final RawBackend BROKEN;
    /** Nothing listens there: connections are refused. */
    private static final String REFUSED;
    /** Listens but never accepts, its backlog full: connections time out. */
    private static final ServerSocket BLACKHOLE;

    static {
        try {
            GOOD = stopAfterwards(RawBackend.start("good"));
            BROKEN = stopAfterwards(RawBackend.start("broken"))
                    .route("/hang", e -> e.socket.getInputStream().read())
                    .route("/truncated-length", e -> {
                        e.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(50_000));
                        e.socket.close();
                    })
                    .route("/truncated-chunked", e -> {
                        e.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
                        e.socket.close();
                    })
                    .route("/garbage", e -> {
                        e.write("this is not HTTP\r\n\r\n");
                        e.socket.close();
                    });
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                REFUSED = "http://127.0.0.1:" + s.getLocalPort();
            }
            BLACKHOLE = stopAfterwards(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            for (int i = 0; i < 4; i++) {
                Socket filler = new Socket();
                try {
                    filler.connect(BLACKHOLE.getLocalSocketAddress(), 200);
                    stopAfterwards(filler);
                } catch (IOException full) {
                    filler.close();
                    break;
                }
            }
            // At start-up no entry is usable: every request must get a plain 503.
            LiveConfig.reset(Map.of("lb.backends", "localhost:9000"));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    private void use(String backends, String... keyValues) throws Exception {
        for (int i = 0; i < keyValues.length; i += 2) {
            LiveConfig.set(keyValues[i], keyValues[i + 1]);
        }
        LiveConfig.set("lb.backends", backends);
        LiveConfig.awaitStatus(port(), "\"url\":\"" + backends.split(",")[0] + "\"");
    }

    @Test
    @Order(1)
    void withNoUsableBackendEveryRequestGets503SayingWhy() throws Exception {
        for (String method : List.of("GET", "POST", "HEAD")) {
            Response r = RawClient.get(port(), method, "/any");
            assertEquals(503, r.status);
            if (!method.equals("HEAD")) {
                assertEquals("503 Service Unavailable: no backend available (lb.backends: entry 'localhost:9000' "
                        + "has no scheme (write http://localhost:9000))\n", r.text());
            }
        }
    }

    @Test
    @Order(2)
    void refusedConnectionIsSkippedForIdempotentMethodsOnly() throws Exception {
        use(REFUSED + "," + GOOD.url(), "lb.outlier.consecutive", "0"); // no ejection: every request meets REFUSED
        for (String method : List.of("GET", "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "GET")) {
            Response r = RawClient.get(port(), method, "/x");
            assertEquals(200, r.status, method);
            assertEquals("good", r.header("X-Backend"));
        }
        List<String> posts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Response r = RawClient.send(port(), "POST /x HTTP/1.1\nHost: x\nContent-Length: 2\nConnection: close\n\nhi");
            posts.add(r.status + " " + r.text());
        }
        posts.sort(null);
        assertEquals(List.of("200 good", "502 502 Bad Gateway: connection refused by backend " + REFUSED + "\n"), posts);
    }

    @Test
    @Order(3)
    void silentBackendIs504AfterTheReadTimeout() throws Exception {
        use(BROKEN.url(), "lb.timeout.read", "700ms");
        Response r = RawClient.get(port(), "GET", "/hang");
        assertEquals(504, r.status);
        assertEquals("504 Gateway Timeout: timed out waiting for a response from backend " + BROKEN.url() + "\n", r.text());
        assertEquals("text/plain;charset=UTF-8", r.header("Content-Type"));
    }

    @Test
    @Order(4)
    void unreachableBackendIs504AfterTheConnectTimeout() throws Exception {
        String url = "http://127.0.0.1:" + BLACKHOLE.getLocalPort();
        use(url, "lb.timeout.connect", "300ms");
        Response r = RawClient.get(port(), "GET", "/x");
        assertEquals(504, r.status);
        assertEquals("504 Gateway Timeout: timed out connecting to backend " + url + "\n", r.text());
    }

    @Test
    @Order(5)
    void invalidResponseIs502() throws Exception {
        use(BROKEN.url());
        Response r = RawClient.get(port(), "GET", "/garbage");
        assertEquals(502, r.status);
        assertEquals("502 Bad Gateway: no valid response from backend " + BROKEN.url() + "\n", r.text());
    }

    @Test
    @Order(6)
    void backendDyingMidResponseCutsTheClientConnection() throws Exception {
        use(BROKEN.url());
        Response length = RawClient.get(port(), "GET", "/truncated-length");
        assertEquals(200, length.status);
        assertFalse(length.complete, "a truncated body must not look complete");
        assertTrue(length.body.length < 100_000);

        Response chunked = RawClient.get(port(), "GET", "/truncated-chunked");
        assertEquals(200, chunked.status);
        assertFalse(chunked.complete, "a truncated chunked body must not end with the last chunk");

        // The balancer carries on.
        assertEquals(200, RawClient.get(port(), "GET", "/fine").status);
    }
}
