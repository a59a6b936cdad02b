package lb.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import lb.testing.AdminUser;
import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.RawBackend;
import lb.testing.RawBackend.Exchange;
import lb.testing.RawClient;
import lb.testing.RawClient.Response;

/** The forwarding rules of a reverse proxy, checked over real sockets on a real Payara Micro. */
class ForwardingIT extends BalancerIT {
    private static final List<RawBackend> BACKENDS = new ArrayList<>();
    private static final byte[] GZIPPED = gzip("compressed body, passed on as it is");

    static {
        for (String name : List.of("b1", "b2", "b3")) {
            RawBackend b = backend(name);
            b.route("/status/", ForwardingIT::answerWithStatus)
                    .route("/cookies", e -> e.respond(200, List.of("Set-Cookie: a=1; Path=/", "Set-Cookie: b=2; HttpOnly"), new byte[0]))
                    .route("/redirect", e -> e.respond(302, List.of("Location: http://127.0.0.1:1/elsewhere"), "moved".getBytes()))
                    .route("/gzip", e -> e.respond(200, List.of("Content-Encoding: gzip", "Content-Type: text/plain"), GZIPPED))
                    .route("/hop", e -> e.respond(200, List.of("Connection: X-Hop", "X-Hop: 1", "Keep-Alive: timeout=5",
                            "Proxy-Connection: keep-alive", "Trailer: X-T", "Upgrade: example/1", "X-End: 1"), "ok".getBytes()))
                    .route("/chunked", e -> e.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Backend: " + name
                            + "\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"))
                    .route("/dated", e -> e.respond(200, List.of("Date: Tue, 01 Jan 2030 00:00:00 GMT", "Server: backend/1.0",
                            "Content-Type: text/html; charset=iso-8859-1"), "dated".getBytes()))
                    .route("/echo", e -> e.respond(200, List.of("Content-Type: application/octet-stream"), e.bodyBytes()))
                    // Answers as if keeping the connection, then closes it: the balancer finds out on its next use.
                    .route("/conn-close", e -> endWith(e, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"))
                    .route("/http10", e -> endWith(e, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"))
                    .route("/until-close", e -> endWith(e, "HTTP/1.1 200 OK\r\n\r\nok"))
                    .route("/then-close", e -> {
                        e.respond(200, List.of("X-Backend: " + name), "closing".getBytes());
                        e.socket.close();
                    });
            BACKENDS.add(b);
        }
        LiveConfig.reset(Map.of("lb.backends", String.join(",", BACKENDS.stream().map(RawBackend::url).toList())));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    /** Sends the request and returns what the one backend that got it received. */
    private Exchange forwarded(String method, String target, String... headerLines) throws Exception {
        BACKENDS.forEach(RawBackend::clear);
        Response r = RawClient.get(port(), method, target, headerLines);
        assertEquals(200, r.status, r.text());
        return receiver();
    }

    private static Exchange receiver() throws InterruptedException {
        Exchange got = null;
        for (RawBackend b : BACKENDS) {
            if (b.receivedCount() > 0) {
                assertNull(got, "two backends received one request");
                got = b.next();
            }
        }
        assertTrue(got != null, "no backend received the request");
        return got;
    }

    @Test
    void roundRobinTakesEachBackendInTurn() throws Exception {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            seen.add(RawClient.get(port(), "GET", "/rr").header("X-Backend"));
        }
        assertEquals(3, seen.subList(0, 3).stream().distinct().count(), seen.toString());
        for (int i = 3; i < 9; i++) {
            assertEquals(seen.get(i - 3), seen.get(i), seen.toString());
        }
    }

    @Test
    void keptAliveConnectionClosedByTheBackendIsReplacedForIdempotentRequests() throws Exception {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Response r = RawClient.get(port(), i % 3 == 2 ? "HEAD" : "GET", "/then-close");
            answers.add(r.status + (i % 3 == 2 ? "" : " " + r.text()));
        }
        // One request to each backend replaces the connection it closed last, for the other tests.
        for (int i = 0; i < 3; i++) {
            answers.add(RawClient.get(port(), "GET", "/rr").status + "");
        }
        assertEquals(List.of("200 closing", "200 closing", "200", "200 closing", "200 closing", "200",
                "200 closing", "200 closing", "200", "200", "200", "200"), answers);
    }

    /** A POST is never sent twice, so each would fail on a connection the backend had ended. */
    @Test
    void connectionsTheBackendEndsAreNotReused() throws Exception {
        for (String path : List.of("/conn-close", "/http10", "/until-close")) {
            for (int i = 0; i < 6; i++) {
                Response r = RawClient.send(port(), "POST " + path + " HTTP/1.1\nHost: x\nContent-Length: 2\nConnection: close\n\nhi");
                assertEquals("200 ok", r.status + " " + r.text(), path);
            }
        }
    }

    @Test
    void everyMethodIsForwarded() throws Exception {
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "PURGE", "MKCOL")) {
            assertEquals(method, forwarded(method, "/m").method);
        }
    }

    @Test
    void requestTargetIsForwardedByteForByte() throws Exception {
        for (String target : List.of("/a%2Fb", "/a%20b+c", "/p;x=1;y=2/q;z", "/q?a=1&a=2&a=&b", "/x?", "/?",
                "/s?q=a+b%26c%3D&r=%E2%82%AC", "/%7Euser/./x", "/", "/deep/er/path/", "/w?a=b?c")) {
            assertEquals(target, forwarded("GET", target).target);
        }
    }

    /**
     * Exact lines and order. Payara's HTTP front hands header names over in lower case, so
     * copied headers reach the backend that way, as HAProxy sends them; names are case-insensitive.
     */
    @Test
    void requestHeadersFollowTheProxyRules() throws Exception {
        Exchange got = forwarded("GET", "/h",
                "User-Agent: test/1",
                "X-Multi: one",
                "X-Multi: two",
                "Connection: keep-alive, X-Hop",
                "X-Hop: secret",
                "Keep-Alive: timeout=5",
                "Proxy-Connection: keep-alive",
                "TE: trailers",
                "Trailer: X-T",
                "X-Forwarded-For: 203.0.113.7",
                "X-Forwarded-Proto: https",
                "Via: 1.0 upstream",
                "Accept: */*");
        List<String> expected = List.of(
                "Host: 127.0.0.1:" + got.backend.port(),
                "user-agent: test/1",
                "x-multi: one",
                "x-multi: two",
                "accept: */*",
                // Not believed from a client outside lb.trusted-proxies: replaced, not appended to.
                "X-Forwarded-For: 127.0.0.1",
                "X-Forwarded-Proto: http",
                "X-Forwarded-Host: 127.0.0.1:" + port(),
                "X-Forwarded-Port: " + port(),
                "Via: 1.0 upstream, 1.1 lb");
        assertEquals(expected, withoutConnection(got.headerLines()));
    }

    /** The client library may add its own Connection header; it is hop-by-hop, for this hop. */
    private static List<String> withoutConnection(List<String> lines) {
        return lines.stream().filter(l -> !l.toLowerCase().startsWith("connection:")).toList();
    }

    @Test
    void expectIsAnsweredByTheBalancerNotSentOn() throws Exception {
        BACKENDS.forEach(RawBackend::clear);
        try (RawClient client = new RawClient(port())) {
            client.write("POST /echo HTTP/1.1\nHost: x\nContent-Length: 5\nExpect: 100-continue\nConnection: close\n\n");
            assertEquals("HTTP/1.1 100 Continue", client.readInterim());
            client.write("hello");
            Response r = client.read(false);
            assertEquals(200, r.status);
            assertEquals("hello", r.text());
        }
        Exchange got = receiver();
        assertNull(got.header("Expect"));
        assertEquals("5", got.header("Content-Length"));
    }

    @Test
    void requestBodiesKeepTheirFraming() throws Exception {
        BACKENDS.forEach(RawBackend::clear);
        Response r = RawClient.send(port(), "POST /echo HTTP/1.1\nHost: x\nContent-Type: text/plain\nContent-Length: 11\nConnection: close\n\nhello world");
        assertEquals("hello world", r.text());
        Exchange got = receiver();
        assertEquals("11", got.header("Content-Length"));
        assertNull(got.header("Transfer-Encoding"));
        assertEquals("text/plain", got.header("Content-Type"));

        r = RawClient.send(port(), "PUT /echo HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\nConnection: close\n\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        assertEquals("hello world", r.text());
        got = receiver();
        assertEquals("chunked", got.header("Transfer-Encoding"));
        assertNull(got.header("Content-Type"), "no Content-Type is invented");
    }

    @Test
    void statusCodesPassUnchanged() throws Exception {
        for (int status : List.of(200, 201, 204, 301, 304, 404, 500, 503)) {
            Response r = RawClient.get(port(), "GET", "/status/" + status);
            assertEquals(status, r.status);
            boolean bodiless = status == 204 || status == 304;
            assertEquals(bodiless ? "" : "status " + status, r.text());
            assertTrue(r.complete);
        }
    }

    @Test
    void headAnswersHaveNoBodyButKeepContentLength() throws Exception {
        try (RawClient client = new RawClient(port())) {
            client.write("HEAD /status/200 HTTP/1.1\nHost: x\n\n");
            Response head = client.read(true);
            assertEquals(200, head.status);
            assertEquals("10", head.header("Content-Length"));
            // The same connection carries on: nothing of a body was sent after the head.
            client.write("GET /status/201 HTTP/1.1\nHost: x\nConnection: close\n\n");
            Response next = client.read(false);
            assertEquals(201, next.status);
            assertEquals("status 201", next.text());
        }
    }

    @Test
    void responseHeadersKeepAllValuesAndLoseHopByHopOnes() throws Exception {
        Response cookies = RawClient.get(port(), "GET", "/cookies");
        assertEquals(List.of("a=1; Path=/", "b=2; HttpOnly"), cookies.headers("Set-Cookie"));

        Response hop = RawClient.get(port(), "GET", "/hop");
        assertEquals("1", hop.header("X-End"));
        for (String gone : List.of("X-Hop", "Keep-Alive", "Proxy-Connection", "Trailer", "Upgrade")) {
            assertNull(hop.header(gone), gone);
        }
        assertEquals("2", hop.header("Content-Length"));
    }

    @Test
    void headersTheServerWouldSetComeFromTheBackend() throws Exception {
        Response r = RawClient.get(port(), "GET", "/dated");
        assertEquals(List.of("Tue, 01 Jan 2030 00:00:00 GMT"), r.headers("Date"));
        assertEquals(List.of("backend/1.0"), r.headers("Server"));
        assertEquals(List.of("text/html; charset=iso-8859-1"), r.headers("Content-Type"));
        assertEquals(List.of(), r.headers("X-Frame-Options"));
        assertEquals(List.of(), r.headers("X-Powered-By"));
    }

    @Test
    void compressedBodiesAndChunkedBodiesPassAsSent() throws Exception {
        Response gz = RawClient.get(port(), "GET", "/gzip", "Accept-Encoding: gzip");
        assertEquals("gzip", gz.header("Content-Encoding"));
        assertEquals(Integer.toString(GZIPPED.length), gz.header("Content-Length"));
        assertArrayEquals(GZIPPED, gz.body);

        Response chunked = RawClient.get(port(), "GET", "/chunked");
        assertEquals("hello world", chunked.text());
        assertTrue(chunked.complete);
    }

    @Test
    void redirectsGoToTheClient() throws Exception {
        Response r = RawClient.get(port(), "GET", "/redirect");
        assertEquals(302, r.status);
        assertEquals("http://127.0.0.1:1/elsewhere", r.header("Location"));
        assertEquals("moved", r.text());
    }

    @Test
    void noCookieJar() throws Exception {
        assertEquals(2, RawClient.get(port(), "GET", "/cookies").headers("Set-Cookie").size());
        for (int i = 0; i < 3; i++) {
            assertNull(forwarded("GET", "/after-cookies").header("Cookie"));
        }
        assertEquals("mine=1", forwarded("GET", "/c", "Cookie: mine=1").header("Cookie"));
    }

    @Test
    void balancerPathsAreNotForwarded() throws Exception {
        BACKENDS.forEach(RawBackend::clear);
        Response status = RawClient.get(port(), "GET", "/_lb/status", AdminUser.AUTHORIZATION);
        assertEquals(200, status.status);
        assertTrue(status.text().contains(BACKENDS.get(0).url()), status.text());
        Response unknown = RawClient.get(port(), "GET", "/_lb/nothing-here", AdminUser.AUTHORIZATION);
        assertEquals(404, unknown.status);
        assertEquals("404 Not Found: no balancer endpoint GET /_lb/nothing-here\n", unknown.text());
        assertEquals(0, BACKENDS.stream().mapToInt(RawBackend::receivedCount).sum());
        // Payara's own endpoints moved away and JAX-RS has no WADL; these paths belong to the backends.
        for (String path : List.of("/health", "/metrics", "/openapi", "/application.wadl")) {
            assertEquals(path, forwarded("GET", path).target);
        }
    }

    private static void endWith(Exchange e, String raw) throws IOException {
        e.bodyBytes();
        e.write(raw);
        e.socket.close();
    }

    private static void answerWithStatus(Exchange e) throws IOException {
        int status = Integer.parseInt(e.path().substring("/status/".length()));
        e.respond(status, List.of("X-Backend: " + e.backend.name()), ("status " + status).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(String text) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(text.getBytes(StandardCharsets.UTF_8));
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
