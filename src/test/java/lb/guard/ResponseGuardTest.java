package lb.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ResponseGuardTest {
    private static Map<String, List<String>> headers(String... nameValues) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.computeIfAbsent(nameValues[i], k -> new java.util.ArrayList<>()).add(nameValues[i + 1]);
        }
        return h;
    }

    @Test
    void anOrdinaryHeadPasses() {
        assertNull(ResponseGuard.check(headers("Content-Type", "text/plain", "Content-Length", "5",
                "Set-Cookie", "a=1", "Set-Cookie", "b=2"), 32768));
        assertNull(ResponseGuard.check(headers("Transfer-Encoding", "chunked"), 32768));
    }

    @Test
    void ambiguousFramingIsRefused() {
        assertEquals("both Content-Length and Transfer-Encoding",
                ResponseGuard.check(headers("Transfer-Encoding", "chunked", "Content-Length", "5"), 32768));
        assertEquals("more than one Content-Length",
                ResponseGuard.check(headers("Content-Length", "5", "Content-Length", "6"), 32768));
    }

    @Test
    void whatCouldSplitTheResponseIsRefused() {
        assertEquals("invalid character in header X-A", ResponseGuard.check(headers("X-A", "a\r\nSet-Cookie: x=1"), 32768));
        assertEquals("invalid character in header X-A", ResponseGuard.check(headers("X-A", "a\u0000"), 32768));
        assertEquals("invalid header name", ResponseGuard.check(headers("X A", "1"), 32768));
    }

    @Test
    void theLimitCountsEveryLineToTheByte() {
        // "X-A: vvvv\r\n" is 11 bytes, twice is 22.
        assertNull(ResponseGuard.check(headers("X-A", "vvvv", "X-A", "vvvv"), 22));
        assertEquals("response headers of 22 bytes are over the limit of 21",
                ResponseGuard.check(headers("X-A", "vvvv", "X-A", "vvvv"), 21));
    }
}
