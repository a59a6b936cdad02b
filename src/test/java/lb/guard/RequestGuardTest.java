package lb.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import lb.config.Limits;

/**
 * The checks on their own, including those Payara already makes before the balancer sees a
 * request (so on Payara they never fire) but other servers may not.
 */
class RequestGuardTest {
    private static final Limits LIMITS = new Limits(8192, 32768, 32768, 0);

    /** A request head as plain data; header names keep their first spelling, lookups ignore case. */
    private record Head(String method, String target, String protocol, Map<String, List<String>> fields, String raw)
            implements RequestHead {
        @Override
        public Iterable<String> names() {
            return fields.keySet();
        }

        @Override
        public Iterable<String> values(String name) {
            for (Map.Entry<String, List<String>> f : fields.entrySet()) {
                if (f.getKey().equalsIgnoreCase(name)) return f.getValue();
            }
            return List.of();
        }
    }

    private static Head head(String method, String target, String... headerLines) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            fields.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        return new Head(method, target, "HTTP/1.1", fields, null);
    }

    private static String check(RequestHead head) {
        Refusal r = RequestGuard.check(head, LIMITS);
        return r == null ? null : r.status() + " " + r.reason();
    }

    @Test
    void anOrdinaryRequestPasses() {
        assertNull(check(head("GET", "/a/b?c=d&e=%2F", "Host: example.com:8080", "Accept: */*")));
        assertNull(check(head("PROPFIND", "/dav", "Host: [::1]:8080", "Depth: 1")));
        assertNull(check(head("OPTIONS", "*", "Host: x")));
        assertNull(check(head("POST", "/x", "Host: x", "Transfer-Encoding: chunked")));
        assertNull(check(head("POST", "/x", "Host: x", "Content-Length: 5")));
        assertNull(check(head("GET", "/x", "Host: x", "X-Tab: a\tb", "X-Obs-Text: caf\u00e9")));
    }

    @Test
    void framingThatTwoParsersCouldReadDifferentlyIsRefused() {
        assertEquals("400 both Content-Length and Transfer-Encoding",
                check(head("POST", "/x", "Host: x", "Transfer-Encoding: chunked", "Content-Length: 5")));
        assertEquals("400 more than one Content-Length header",
                check(head("POST", "/x", "Host: x", "Content-Length: 5", "Content-Length: 5")));
        assertEquals("400 more than one Transfer-Encoding header",
                check(head("POST", "/x", "Host: x", "Transfer-Encoding: chunked", "Transfer-Encoding: chunked")));
        for (String coding : List.of("gzip, chunked", "chunked, identity", "identity", "xchunked")) {
            assertEquals("501 unsupported Transfer-Encoding (only chunked is accepted)",
                    check(head("POST", "/x", "Host: x", "Transfer-Encoding: " + coding)), coding);
        }
        assertNull(check(head("POST", "/x", "Host: x", "Transfer-Encoding:  CHUNKED ")));
        Head http10 = new Head("POST", "/x", "HTTP/1.0", Map.of("Transfer-Encoding", List.of("chunked")), null);
        assertEquals("400 Transfer-Encoding in an HTTP/1.0 request", check(http10));
    }

    /** Payara drops a Content-Length that came before Transfer-Encoding; the raw head still has it. */
    @Test
    void aContentLengthOnlyTheRawHeadShowsIsFound() {
        Map<String, List<String>> fields = Map.of("Host", List.of("x"), "Transfer-Encoding", List.of("chunked"));
        assertEquals("400 both Content-Length and Transfer-Encoding", check(new Head("POST", "/x", "HTTP/1.1", fields,
                "POST /x HTTP/1.1\r\nHost: x\r\nCONTENT-LENGTH: 4\r\nTransfer-Encoding: chunked\r\n\r\n")));
        assertNull(check(new Head("POST", "/x", "HTTP/1.1", fields,
                "POST /x HTTP/1.1\r\nHost: x\r\nX-Note: content-length: 4\r\nTransfer-Encoding: chunked\r\n\r\n")));
    }

    @Test
    void badRequestLinesAreRefused() {
        assertEquals("400 invalid request method", check(head("G T", "/x", "Host: x")));
        assertEquals("400 invalid request method", check(head("G\u00c3T", "/x", "Host: x")));
        assertEquals("400 invalid request method", check(head("", "/x", "Host: x")));
        assertEquals("501 CONNECT is not supported: this is a reverse proxy, not a tunnel", check(head("CONNECT", "/x", "Host: x")));
        for (String target : List.of("/caf\u00e9", "/a b", "/a\u0001b", "/a\u007fb", "/x?q=\u00ff")) {
            assertEquals("400 invalid character in the request target (only visible ASCII is allowed)",
                    check(head("GET", target, "Host: x")), target);
        }
        assertEquals("400 the request target must be a path, or * with OPTIONS", check(head("GET", "*", "Host: x")));
        assertEquals("400 the request target must be a path, or * with OPTIONS", check(head("GET", "x/y", "Host: x")));
    }

    @Test
    void controlCharactersInHeadersAreRefused() {
        assertEquals("400 invalid character in header X-A (CR, LF, NUL and other controls are not allowed)",
                check(head("GET", "/x", "Host: x", "X-A: a\rb")));
        assertEquals("400 invalid character in header X-A (CR, LF, NUL and other controls are not allowed)",
                check(head("GET", "/x", "Host: x", "X-A: a\nTransfer-Encoding: chunked")));
        assertEquals("400 invalid character in header X-A (CR, LF, NUL and other controls are not allowed)",
                check(head("GET", "/x", "Host: x", "X-A: a\u0000b")));
        assertEquals("400 invalid header name", check(head("GET", "/x", "Host: x", "X A: 1")));
        assertEquals("400 invalid header name", check(head("GET", "/x", "Host: x", "X(A): 1")));
    }

    @Test
    void hostMustBeOneValidAuthority() {
        assertEquals("400 more than one Host header", check(head("GET", "/x", "Host: a", "Host: a")));
        for (String host : List.of("a b", "a/b", "a@b", "a,b", "a:b", "[::1", "a:123456", "", "[]", "[::1]x", "[g::1]", "[\u0661::1]", "a:", ":80", "a:8o")) {
            assertEquals("400 invalid Host header", check(head("GET", "/x", "Host: " + host)), host);
        }
        for (String host : List.of("example.com", "EXAMPLE.com:80", "10.0.0.1:8080", "[fe80::1]:80", "[::1]", "xn--bcher-kva.example", "a_b", "a:65535")) {
            assertNull(check(head("GET", "/x", "Host: " + host)), host);
        }
        assertEquals("400 no Host header (HTTP/1.1 requires one)", check(head("GET", "/x")));
        assertNull(check(new Head("GET", "/x", "HTTP/1.0", Map.of(), null)), "HTTP/1.0 without Host");
    }

    /** What Undertow makes of "X-A : one": the header X-A with the value ": one". */
    @Test
    void aValueStartingWithALoneColonIsWhitespaceBeforeTheColon() {
        for (String value : List.of(": one", ":", ":\tone")) {
            assertEquals("400 whitespace between the header name X-A and its colon", check(withXA(value)), value);
        }
        for (String value : List.of("::1", ":one", "a: b", "one :")) {
            assertNull(check(withXA(value)), value);
        }
    }

    private static Head withXA(String value) {
        return new Head("GET", "/x", "HTTP/1.1", Map.of("Host", List.of("x"), "X-A", List.of(value)), null);
    }

    @Test
    void limitsAreExactToTheByte() {
        Limits small = new Limits(20, 30, 32768, 0);
        // "GET " + target + " HTTP/1.1": 13 bytes around the target.
        assertNull(RequestGuard.check(head("GET", "/" + "a".repeat(6), "Host: x"), small));
        assertEquals(new Refusal(414, "request line of 21 bytes is over the limit of 20"),
                RequestGuard.check(head("GET", "/" + "a".repeat(7), "Host: x"), small));
        // Each field counts as "name: value\r\n".
        assertNull(RequestGuard.check(head("GET", "/", "Host: x", "X-A: " + "v".repeat(14)), small));
        assertEquals(new Refusal(431, "request headers of 31 bytes are over the limit of 30"),
                RequestGuard.check(head("GET", "/", "Host: x", "X-A: " + "v".repeat(15)), small));
    }
}
