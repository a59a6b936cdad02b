package lb.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.RawBackend;
import lb.testing.RawBackend.Exchange;
import lb.testing.RawClient;
import lb.testing.RawClient.Response;

/**
 * Backends that answer with broken HTTP, too much of it, or not at all. The client gets a
 * clean 502 or 504 while nothing of the answer has gone out, a cut connection once something
 * has, never a broken answer passed on as if whole; and the balancer carries on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokenBackendIT extends BalancerIT {
    private static final RawBackend BROKEN;
    private static final String BIG_HEADERS;

    static {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 40; i++) big.append("X-Big-").append(i / 10).append(i % 10).append(": ").append("v".repeat(1000)).append("\r\n");
        BIG_HEADERS = big.toString();
        BROKEN = backend("broken")
                .route("/status-line/letters", raw("HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n"))
                .route("/status-line/two-digits", raw("HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n"))
                .route("/status-line/no-version", raw("200 OK\r\nContent-Length: 0\r\n\r\n"))
                .route("/header/no-colon", raw("HTTP/1.1 200 OK\r\nX-Bad header line\r\nContent-Length: 2\r\n\r\nok"))
                .route("/header/space-before-colon", raw("HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok"))
                .route("/header/cr-in-value", raw("HTTP/1.1 200 OK\r\nX-A: a\rSet-Cookie: evil=1\r\nContent-Length: 2\r\n\r\nok"))
                .route("/header/nul-in-value", raw("HTTP/1.1 200 OK\r\nX-A: a\0b\r\nContent-Length: 2\r\n\r\nok"))
                .route("/framing/both", raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
                        + "b\r\nhello world\r\n0\r\n\r\n"))
                .route("/framing/two-lengths", raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!"))
                .route("/framing/bad-length", raw("HTTP/1.1 200 OK\r\nContent-Length: two\r\n\r\nok"))
                .route("/framing/unknown-coding", raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nok"))
                .route("/framing/bad-chunk", raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"))
                .route("/framing/short", raw("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello"))
                .route("/stall-body", e -> {
                    e.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nfirst part");
                    e.socket.getInputStream().read(); // until the balancer gives up and closes
                })
                .route("/reset", e -> {
                    e.bodyBytes();
                    e.socket.setSoLinger(true, 0);
                    e.socket.close();
                })
                .route("/reset-midway", e -> {
                    e.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart");
                    e.socket.setSoLinger(true, 0);
                    e.socket.close();
                })
                .route("/close-after", e -> {
                    e.respond(200, List.of("Content-Type: text/plain"), ("answer to " + e.method).getBytes(StandardCharsets.UTF_8));
                    e.socket.close();
                })
                .route("/big-headers", raw("HTTP/1.1 200 OK\r\n" + BIG_HEADERS + "Content-Length: 2\r\n\r\nok"))
                .route("/huge-header-line", raw("HTTP/1.1 200 OK\r\nX-Huge: " + "v".repeat(70_000) + "\r\nContent-Length: 2\r\n\r\nok"))
                .route("/many-headers/", e -> {
                    int count = Integer.parseInt(e.path().substring("/many-headers/".length()));
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < count; i++) lines.add("X-H" + i + ": " + i);
                    e.respond(200, lines, "ok".getBytes(StandardCharsets.UTF_8));
                });
        // One broken backend on purpose: ejecting it would turn every later case into a 503.
        LiveConfig.reset(Map.of("lb.backends", BROKEN.url(), "lb.outlier.consecutive", "0"));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    /** Reads the request, answers with these exact bytes, and closes. */
    private static RawBackend.Handler raw(String response) {
        return e -> {
            e.bodyBytes();
            e.write(response);
            e.socket.close();
        };
    }

    @BeforeEach
    void clear() {
        BROKEN.clear();
    }

    private String noValidResponse() {
        return "502 Bad Gateway: no valid response from backend " + BROKEN.url() + "\n";
    }

    private String invalidResponse(String why) {
        return "502 Bad Gateway: invalid response from backend " + BROKEN.url() + " (" + why + ")\n";
    }

    private void gets502(String path, String body) throws IOException {
        Response r = RawClient.get(port(), "GET", path);
        assertEquals(502, r.status, path);
        assertEquals(body, r.text(), path);
        assertTrue(r.complete, path);
    }

    @Test
    @Order(1)
    void invalidStatusLinesAre502() throws Exception {
        for (String path : List.of("/status-line/letters", "/status-line/two-digits", "/status-line/no-version")) {
            gets502(path, noValidResponse());
        }
    }

    @Test
    @Order(2)
    void invalidHeadersAre502() throws Exception {
        gets502("/header/no-colon", noValidResponse());
        gets502("/header/space-before-colon", noValidResponse());
        gets502("/header/cr-in-value", invalidResponse("invalid character in header X-A"));
        gets502("/header/nul-in-value", invalidResponse("invalid character in header X-A"));
    }

    @Test
    @Order(3)
    void ambiguousOrBadFramingIs502() throws Exception {
        gets502("/framing/both", invalidResponse("both Content-Length and Transfer-Encoding"));
        gets502("/framing/two-lengths", noValidResponse());
        gets502("/framing/bad-length", noValidResponse());
        gets502("/framing/unknown-coding", noValidResponse());
    }

    @Test
    @Order(4)
    void aBodyBrokenBeforeAnyOfItWentOutIsStill502() throws Exception {
        Response r = RawClient.get(port(), "GET", "/framing/bad-chunk");
        assertEquals(502, r.status);
        assertTrue(r.text().startsWith("502 Bad Gateway: no valid response from backend " + BROKEN.url() + " ("), r.text());
        assertTrue(r.complete);
    }

    @Test
    @Order(5)
    void aBodyShorterThanItsLengthCutsTheClient() throws Exception {
        Response r = RawClient.get(port(), "GET", "/framing/short");
        assertEquals(200, r.status);
        assertEquals("10", r.header("Content-Length"));
        assertEquals("hello", r.text());
        assertFalse(r.complete, "a short body must not look whole");

        Response reset = RawClient.get(port(), "GET", "/reset-midway");
        assertEquals(200, reset.status);
        assertEquals("part", reset.text());
        assertFalse(reset.complete);
    }

    @Test
    @Order(6)
    void aBodyThatStopsComingIsCutAfterTheReadTimeout() throws Exception {
        LiveConfig.set("lb.timeout.read", "1s");
        LiveConfig.awaitStatus(port(), "\"timeoutRead\":\"1s\"");
        Response r = RawClient.get(port(), "GET", "/stall-body");
        assertEquals(200, r.status);
        assertEquals("first part", r.text());
        assertFalse(r.complete);
        awaitNoConnections();
        LiveConfig.set("lb.timeout.read", "60s");
        LiveConfig.awaitStatus(port(), "\"timeoutRead\":\"1m\"");
    }

    @Test
    @Order(7)
    void aResetIs502AndAPostIsNeverSentTwice() throws Exception {
        gets502("/reset", noValidResponse());
        BROKEN.clear();
        Response post = RawClient.send(port(), "POST /reset HTTP/1.1\nHost: x\nContent-Length: 2\nConnection: close\n\nhi");
        assertEquals(502, post.status);
        assertEquals(noValidResponse(), post.text());
        assertEquals(1, BROKEN.receivedCount());
    }

    /**
     * The backend closes every connection right after answering, without saying so: each next
     * request finds its pooled connection dead. GET is sent again on a fresh one, so a backend
     * closing idle connections (a rolling restart, a short keep-alive) costs no request.
     */
    @Test
    @Order(8)
    void aPooledConnectionClosedUnderneathIsRetriedForIdempotentRequests() throws Exception {
        for (int i = 0; i < 20; i++) {
            Response r = RawClient.get(port(), "GET", "/close-after");
            assertEquals(200, r.status, "request " + i);
            assertEquals("answer to GET", r.text());
        }
        assertEquals(20, BROKEN.receivedCount());
        // A POST is not sent again: it either reached the backend once, or is a 502.
        for (int i = 0; i < 5; i++) {
            BROKEN.clear();
            Response post = RawClient.send(port(), "POST /close-after HTTP/1.1\nHost: x\nContent-Length: 2\nConnection: close\n\nhi");
            if (post.status == 200) {
                assertEquals("answer to POST", post.text());
                assertEquals(1, BROKEN.receivedCount());
            } else {
                assertEquals(502, post.status);
                assertEquals(0, BROKEN.receivedCount());
            }
        }
    }

    @Test
    @Order(9)
    void responseHeadersOverTheLimitAre502NotAPartialAnswer() throws Exception {
        long size = 40 * (8 + 2 + 1000 + 2) + ("Content-Length".length() + 2 + 1 + 2);
        gets502("/big-headers", invalidResponse("response headers of " + size + " bytes are over the limit of 32k"));
        // One line longer than the balancer's client reads at all (64 KiB).
        gets502("/huge-header-line", noValidResponse());
        // Over 1024 header lines: likewise.
        gets502("/many-headers/1100", noValidResponse());
        // Many small headers are fine: Payara's own limit (100) is raised in the preboot file.
        Response many = RawClient.get(port(), "GET", "/many-headers/300");
        assertEquals(200, many.status);
        for (int i = 0; i < 300; i++) assertEquals(List.of(Integer.toString(i)), many.headers("X-H" + i));

        LiveConfig.set("lb.limit.response-headers", "64k");
        LiveConfig.awaitStatus(port(), "\"limitResponseHeaders\":\"64k\"");
        Response big = RawClient.get(port(), "GET", "/big-headers");
        assertEquals(200, big.status);
        assertEquals("v".repeat(1000), big.header("X-Big-39"));
        assertEquals("ok", big.text());
    }

    @Test
    @Order(10)
    void theBalancerCarriesOn() throws Exception {
        Response r = RawClient.get(port(), "GET", "/fine");
        assertEquals("broken", r.text());
        Exchange got = BROKEN.next();
        assertEquals("/fine", got.target);
    }

    /** Every connection the balancer opened to the backend is closed, none left half-used. */
    private static void awaitNoConnections() throws InterruptedException {
        for (long end = System.nanoTime() + 15_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
            if (BROKEN.openConnections() == 0) return;
        }
        assertEquals(0, BROKEN.openConnections(), "connections to the backend left open");
    }
}
