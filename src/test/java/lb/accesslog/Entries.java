package lb.accesslog;

import java.time.Instant;
import java.util.List;

import lb.balancing.Backend;
import lb.balancing.Endpoint;
import lb.observe.Attempt;
import lb.observe.SelfAnswer;

/** Access log entries for unit tests: what the balancer captures for a few kinds of request. */
final class Entries {
    /** 2026-12-04T17:15:00.042Z */
    static final long END = Instant.parse("2026-12-04T17:15:00.042Z").toEpochMilli();

    private Entries() {
    }

    static Attempt attempt(String host, int port, int status, boolean answered, long micros) {
        String url = "http://" + host + ":" + port;
        Endpoint e = new Endpoint(new Backend(0, url, "http", host, port, "", 1), url + "#1", 0);
        return new Attempt(e, status, answered, micros * 1000);
    }

    static Entry forwarded() {
        return new Entry(END, "10.0.0.9", null, "GET", "/shop/cart?id=7", "HTTP/1.1", 200, 128, 3_456_789,
                "http://example.com/", "curl/8.5.0", "example.com",
                List.of(attempt("10.0.0.5", 8080, 200, true, 2_987)), null, null);
    }

    static Entry retried() {
        return new Entry(END, "10.0.0.9", null, "GET", "/x", "HTTP/1.1", 200, 5, 12_345_678, null, null, "lb",
                List.of(attempt("10.0.0.6", 8080, 502, false, 1_200), attempt("10.0.0.5", 8080, 200, true, 10_999)),
                null, null);
    }

    static Entry noFitBackend() {
        return new Entry(END, "10.0.0.9", null, "POST", "/orders", "HTTP/1.1", 503, 86, 401_000, null, "app/1", null,
                List.of(), SelfAnswer.NO_BACKEND, "no backend is fit: http://10.0.0.5:8080 down");
    }

    static Entry admin() {
        return new Entry(END, "127.0.0.1", "ops", "GET", "/_lb/status", "HTTP/1.1", 200, 0, 1_000_000, null, null,
                "127.0.0.1:8080", List.of(), null, null);
    }

    /** Quotes, a backslash, a tab, é as one ISO-8859-1 byte, and € (beyond ISO-8859-1). */
    static Entry awkward() {
        return new Entry(END, "10.0.0.9", null, "GET", "/a\"b", "HTTP/1.1", 404, 0, 9_000_000,
                "x\\y", "say \"hi\"\t\u00e9\u20ac", null, List.of(), null, null);
    }
}
