package lb.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
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
 * Requests built to be read one way by the balancer and another by a backend, or to reach a
 * host the balancer was not configured with. Each is sent over a raw socket with a second
 * request hidden behind it; the raw backend shows what arrived, and nothing hidden ever does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmugglingIT extends BalancerIT {
    private static final RawBackend BACKEND;
    /** Never configured: a request that reached it chose its own destination. */
    private static final RawBackend CANARY;
    private static final String HIDDEN = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

    static {
        BACKEND = backend("b")
                .route("/echo", e -> e.respond(200, List.of("Content-Type: text/plain"), e.bodyBytes()));
        CANARY = backend("canary");
        LiveConfig.reset(Map.of("lb.backends", BACKEND.url()));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    @BeforeEach
    void clear() {
        BACKEND.clear();
        CANARY.clear();
    }

    /** The one answer the balancer gave, after which it closed the connection; nothing reached a backend. */
    private void refused(int status, String body, String request) throws IOException {
        String shown = request.length() > 120 ? request.substring(0, 120) + "..." : request;
        List<Response> responses = RawClient.exchange(port(), request);
        assertEquals(List.of(status + " " + body), summary(responses), shown);
        assertEquals(0, BACKEND.receivedCount(), "forwarded: " + shown);
        assertEquals(0, CANARY.receivedCount(), "reached the canary: " + shown);
    }

    /** Refused by the balancer itself: its one-line body says why. @param statusLine "400 Bad Request" */
    private void refusedByBalancer(String statusLine, String reason, String request) throws IOException {
        refused(Integer.parseInt(statusLine.substring(0, 3)), statusLine + ": " + reason + "\n", request);
    }

    /** Refused by Payara's HTTP front before the balancer saw it: an empty 400. */
    private void refusedByServer(String request) throws IOException {
        refused(400, "", request);
    }

    private static List<String> summary(List<Response> responses) {
        List<String> out = new ArrayList<>();
        for (Response r : responses) out.add(r.status + " " + r.text());
        return out;
    }


    @Test
    @Order(1)
    void contentLengthWithTransferEncodingIsRefused() throws Exception {
        // CL.TE: a front end that believed Content-Length would forward the hidden request as body.
        refusedByBalancer("400 Bad Request", "both Content-Length and Transfer-Encoding",
                "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN);
        // TE.CL: the other order, and a length that would end the body inside the chunk. Payara
        // refuses this order itself; the balancer refuses it on servers that do not.
        refusedByServer(
                "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
                        + Integer.toHexString(HIDDEN.length()) + "\r\n" + HIDDEN + "\r\n0\r\n\r\n");
    }

    @Test
    @Order(2)
    void transferCodingsOtherThanChunkedAreRefused() throws Exception {
        for (String coding : List.of("chunked, identity", "gzip, chunked", "xchunked", "chunked;q=1")) {
            refusedByBalancer("501 Not Implemented", "unsupported Transfer-Encoding (only chunked is accepted)",
                    "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding + "\r\n\r\n0\r\n\r\n" + HIDDEN);
        }
        refusedByBalancer("400 Bad Request", "more than one Transfer-Encoding header",
                "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN);
        refusedByBalancer("400 Bad Request", "Transfer-Encoding in an HTTP/1.0 request",
                "POST /x HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN);
        // Any case of "chunked" is chunked (RFC 9112 7: codings are case-insensitive).
        List<Response> ok = RawClient.exchange(port(),
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\nConnection: close\r\n\r\n2\r\nhi\r\n0\r\n\r\n");
        assertEquals(List.of("200 hi"), summary(ok));
        assertEquals("chunked", BACKEND.next().header("Transfer-Encoding"));
    }

    @Test
    @Order(3)
    void repeatedOrMalformedContentLengthIsRefused() throws Exception {
        refusedByBalancer("400 Bad Request", "more than one Content-Length header",
                "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello" + HIDDEN);
        for (String length : List.of("5, 5", "5, 41", "+5", "-1", "0x5", "99999999999999999999999")) {
            refusedByServer("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\nhello" + HIDDEN);
        }
        refusedByServer("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 41\r\n\r\nhello" + HIDDEN);
    }

    @Test
    @Order(4)
    void badChunkSizesAreRefused() throws Exception {
        for (String size : List.of("zz", "-5", "ffffffffffffffffff", "5;ext=1")) {
            refusedByServer("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\nhello\r\n0\r\n\r\n" + HIDDEN);
        }
    }

    /**
     * Payara reads a chunk size with a leading space, and chunk lines ending in a bare LF; the
     * body is decoded there and sent on in the balancer's own framing, so a backend never has
     * to agree with Payara's leniency.
     */
    @Test
    @Order(5)
    void chunkFramingThatPayaraToleratesReachesTheBackendReframed() throws Exception {
        List<Response> responses = RawClient.exchange(port(),
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n 5\r\nhello\n0\n\n");
        assertEquals(List.of("200 hello"), summary(responses));
        Exchange got = BACKEND.next();
        assertEquals("chunked", got.header("Transfer-Encoding"));
        assertEquals(0, BACKEND.receivedCount());
    }

    @Test
    @Order(6)
    void bareLineEndsAndControlCharactersInHeadersAreRefused() throws Exception {
        refusedByServer("GET /x HTTP/1.1\nHost: x\nX-A: 1\n\n" + HIDDEN);
        refusedByServer("GET /x HTTP/1.1\r\nHost: x\r\nX-A: 1\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN);
        refusedByServer("GET /x HTTP/1.1\r\nHost: x\r\nX-A: 1\rTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + HIDDEN);
        refusedByServer("GET /x HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n" + HIDDEN);
        refusedByServer("GET /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n" + HIDDEN);
        refusedByServer("GET /x HTTP/1.1\r\nHost: x\r\nX-Caf\u00e9: 1\r\n\r\n" + HIDDEN);
        refusedByServer("GET /x HTTP/1.1\r\nHost: x\r\nX-A: caf\u00c3\u00a9\r\n\r\n" + HIDDEN);
    }

    /**
     * Payara unfolds obs-fold into spaces before the balancer sees the header, which RFC 9112
     * 5.2 allows a proxy to do instead of refusing: the continuation can only ever be part of
     * the value, never a header of its own.
     */
    @Test
    @Order(7)
    void foldedHeaderLinesReachTheBackendAsOneLine() throws Exception {
        List<Response> responses = RawClient.exchange(port(),
                "GET /fold HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n Transfer-Encoding: chunked\r\nX-B: 2\r\n\t3\r\nConnection: close\r\n\r\n");
        assertEquals(List.of("200 b"), summary(responses));
        Exchange got = BACKEND.next();
        assertEquals(List.of("1 Transfer-Encoding: chunked"), got.headers("X-A"));
        assertEquals(List.of("2\t3"), got.headers("X-B"));
        assertEquals(List.of(), got.headers("Transfer-Encoding"));
        assertEquals(0, BACKEND.receivedCount());
    }

    @Test
    @Order(8)
    void invalidRequestLinesAreRefused() throws Exception {
        refusedByBalancer("400 Bad Request", "invalid character in the request target (only visible ASCII is allowed)",
                "GET /caf\u00c3\u00a9 HTTP/1.1\r\nHost: x\r\n\r\n" + HIDDEN);
        refusedByBalancer("400 Bad Request", "invalid character in the request target (only visible ASCII is allowed)",
                "GET /a\u0001b HTTP/1.1\r\nHost: x\r\n\r\n" + HIDDEN);
        refusedByBalancer("400 Bad Request", "invalid character in the request target (only visible ASCII is allowed)",
                "GET /x?q=\u00ff HTTP/1.1\r\nHost: x\r\n\r\n" + HIDDEN);
        refusedByBalancer("400 Bad Request", "invalid request method", "G\u00c3T /x HTTP/1.1\r\nHost: x\r\n\r\n" + HIDDEN);
        refusedByBalancer("400 Bad Request", "the request target must be a path, or * with OPTIONS", "GET * HTTP/1.1\r\nHost: x\r\n\r\n" + HIDDEN);
        refusedByBalancer("400 Bad Request", "invalid character in the request target (only visible ASCII is allowed)",
                "GET /a\u007fb HTTP/1.1\r\nHost: x\r\n\r\n" + HIDDEN);
        refusedByServer("GET x/y HTTP/1.1\r\nHost: x\r\n\r\n" + HIDDEN);
        refusedByServer("GET /a\u0000b HTTP/1.1\r\nHost: x\r\n\r\n" + HIDDEN);
    }

    @Test
    @Order(9)
    void repeatedOrInvalidHostIsRefused() throws Exception {
        refusedByBalancer("400 Bad Request", "more than one Host header", "GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + HIDDEN);
        for (String host : List.of("a b", "a/b@c", "evil.example/x", "a\"b", "[::1", "a:b", "a,b")) {
            refusedByBalancer("400 Bad Request", "invalid Host header", "GET /x HTTP/1.1\r\nHost: " + host + "\r\n\r\n" + HIDDEN);
        }
        refusedByServer("GET /x HTTP/1.1\r\n\r\n" + HIDDEN);
    }

    /**
     * A known limit of Payara: a Host it cannot map to a virtual server (empty, no name, a port
     * that is not a number) gets an empty 200 from the server itself, with a SEVERE log line,
     * before the balancer sees the request. Nothing is forwarded.
     */
    @Test
    @Order(10)
    void hostsPayaraCannotMapNeverReachABackend() throws Exception {
        for (String host : List.of("", ":80", "a:b:c")) {
            List<Response> responses = RawClient.exchange(port(), "GET /x HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertEquals(List.of("200 "), summary(responses), host);
            assertEquals(0, BACKEND.receivedCount(), host);
        }
    }

    @Test
    @Order(11)
    void theRequestTargetNeverChoosesTheBackend() throws Exception {
        String canary = "127.0.0.1:" + CANARY.port();
        List<Response> absolute = RawClient.exchange(port(),
                "GET http://" + canary + "/abs?x=1 HTTP/1.1\r\nHost: " + canary + "\r\nConnection: close\r\n\r\n");
        assertEquals(List.of("200 b"), summary(absolute));
        Exchange got = BACKEND.next();
        assertEquals("/abs?x=1", got.target);
        assertEquals("127.0.0.1:" + BACKEND.port(), got.header("Host"));
        assertEquals(0, CANARY.receivedCount());

        // Payara answers 400 "Invalid URI" but keeps the connection until its idle timeout (30 s);
        // the request pipelined behind is never served.
        refusedByServer("CONNECT " + canary + " HTTP/1.1\r\nHost: " + canary + "\r\n\r\n" + HIDDEN);
        refusedByBalancer("501 Not Implemented", "CONNECT is not supported: this is a reverse proxy, not a tunnel",
                "CONNECT /x HTTP/1.1\r\nHost: " + canary + "\r\n\r\n" + HIDDEN);
    }

    @Test
    @Order(12)
    void aRequestInsideAValidBodyStaysBody() throws Exception {
        List<Response> responses = RawClient.exchange(port(), "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + HIDDEN.length() + "\r\nConnection: close\r\n\r\n" + HIDDEN);
        assertEquals(List.of("200 " + HIDDEN), summary(responses));
        assertEquals("/echo", BACKEND.next().target);
        assertEquals(0, BACKEND.receivedCount());
    }

    @Test
    @Order(13)
    void oversizedRequestLinesAndHeadersGet414And431() throws Exception {
        String longTarget = "/" + "u".repeat(8192);
        refusedByBalancer("414 URI Too Long", "request line of " + (4 + longTarget.length() + 9) + " bytes is over the limit of 8k",
                "GET " + longTarget + " HTTP/1.1\r\nHost: x\r\n\r\n");
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 40; i++) headers.append("X-H").append(i / 10).append(i % 10).append(": ").append("v".repeat(1000)).append("\r\n");
        long size = 40 * (5 + 2 + 1000 + 2) + ("host".length() + 2 + 1 + 2);
        refusedByBalancer("431 Request Header Fields Too Large", "request headers of " + size + " bytes are over the limit of 32k",
                "GET /x HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
        // Just under the limits: forwarded.
        String fits = "/" + "u".repeat(8192 - 4 - 9 - 1);
        assertEquals(200, RawClient.get(port(), "GET", fits).status);
        assertEquals(fits, BACKEND.next().target);
        // Over Payara's own ceiling (64 KiB, preboot), the server refuses before the balancer sees it.
        refusedByServer("GET /" + "u".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 100; i++) many.append("X-N").append(i).append(": 1\r\n");
        refusedByServer("GET /x HTTP/1.1\r\nHost: x\r\n" + many + "\r\n");
    }

    @Test
    @Order(14)
    void theLimitsChangeWhileRunning() throws Exception {
        LiveConfig.set("lb.limit.request-line", "100");
        LiveConfig.set("lb.limit.request-headers", "1k");
        LiveConfig.awaitStatus(port(), "\"limitRequestLine\":\"100\",\"limitRequestHeaders\":\"1k\"");
        String target = "/" + "u".repeat(100);
        refusedByBalancer("414 URI Too Long", "request line of " + (4 + target.length() + 9) + " bytes is over the limit of 100",
                "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
        refusedByBalancer("431 Request Header Fields Too Large", "request headers of " + (4 + 2 + 1 + 2 + 3 + 2 + 1100 + 2) + " bytes are over the limit of 1k",
                "GET /x HTTP/1.1\r\nHost: x\r\nX-A: " + "v".repeat(1100) + "\r\n\r\n");
        LiveConfig.set("lb.limit.request-line", "8k");
        LiveConfig.set("lb.limit.request-headers", "32k");
        LiveConfig.awaitStatus(port(), "\"limitRequestLine\":\"8k\",\"limitRequestHeaders\":\"32k\"");
        assertEquals(200, RawClient.get(port(), "GET", target).status);
    }
}
