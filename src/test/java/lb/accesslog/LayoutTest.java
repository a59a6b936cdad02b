package lb.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class LayoutTest {
    private static String combined(Entry e) {
        return line(AccessLogFormat.COMBINED, ZoneOffset.UTC, e);
    }

    private static String json(Entry e) {
        return line(AccessLogFormat.JSON, ZoneOffset.UTC, e);
    }

    private static String line(AccessLogFormat format, ZoneId zone, Entry e) {
        StringBuilder out = new StringBuilder();
        format.layout(zone).append(e, out);
        return out.toString();
    }

    @Test
    void combinedForwarded() {
        assertEquals("10.0.0.9 - - [04/Dec/2026:17:15:00 +0000] \"GET /shop/cart?id=7 HTTP/1.1\" 200 128 "
                + "\"http://example.com/\" \"curl/8.5.0\" upstream=10.0.0.5:8080 upstream_status=200 upstream_time=0.002 "
                + "attempts=1 request_time=0.003\n", combined(Entries.forwarded()));
    }

    @Test
    void combinedRetriedListsEveryAttempt() {
        assertEquals("10.0.0.9 - - [04/Dec/2026:17:15:00 +0000] \"GET /x HTTP/1.1\" 200 5 \"-\" \"-\" "
                + "upstream=10.0.0.6:8080,10.0.0.5:8080 upstream_status=502,200 upstream_time=0.001,0.010 "
                + "attempts=2 request_time=0.012\n", combined(Entries.retried()));
    }

    @Test
    void combinedSelfAnswerSaysWhy() {
        assertEquals("10.0.0.9 - - [04/Dec/2026:17:15:00 +0000] \"POST /orders HTTP/1.1\" 503 86 \"-\" \"app/1\" "
                + "upstream=- upstream_status=- upstream_time=- attempts=0 request_time=0.000 "
                + "reason=no-backend why=\"no backend is fit: http://10.0.0.5:8080 down\"\n", combined(Entries.noFitBackend()));
    }

    @Test
    void combinedAdminHasItsUser() {
        assertEquals("127.0.0.1 - ops [04/Dec/2026:17:15:00 +0000] \"GET /_lb/status HTTP/1.1\" 200 0 \"-\" \"-\" "
                + "upstream=- upstream_status=- upstream_time=- attempts=0 request_time=0.001\n", combined(Entries.admin()));
    }

    @Test
    void combinedEscapesAsNginx() {
        assertEquals("10.0.0.9 - - [04/Dec/2026:17:15:00 +0000] \"GET /a\\x22b HTTP/1.1\" 404 0 \"x\\x5Cy\" "
                + "\"say \\x22hi\\x22\\x09\\xE9\\xE2\\x82\\xAC\" upstream=- upstream_status=- upstream_time=- "
                + "attempts=0 request_time=0.009\n", combined(Entries.awkward()));
    }

    @Test
    void combinedTimeIsLocalToTheZone() {
        String line = line(AccessLogFormat.COMBINED, ZoneId.of("America/New_York"), Entries.forwarded());
        assertEquals("10.0.0.9 - - [04/Dec/2026:12:15:00 -0500] ", line.substring(0, line.indexOf('"')));
    }

    @Test
    void jsonForwarded() {
        assertEquals("{\"time\":\"2026-12-04T17:15:00.042Z\",\"client\":\"10.0.0.9\",\"user\":null,\"method\":\"GET\","
                + "\"target\":\"/shop/cart?id=7\",\"protocol\":\"HTTP/1.1\",\"host\":\"example.com\",\"status\":200,"
                + "\"bytes_sent\":128,\"referer\":\"http://example.com/\",\"user_agent\":\"curl/8.5.0\","
                + "\"upstream\":[\"10.0.0.5:8080\"],\"upstream_status\":[200],\"upstream_time\":[0.002],\"attempts\":1,"
                + "\"request_time\":0.003,\"reason\":null,\"why\":null}\n", json(Entries.forwarded()));
    }

    @Test
    void jsonRetried() {
        assertEquals("{\"time\":\"2026-12-04T17:15:00.042Z\",\"client\":\"10.0.0.9\",\"user\":null,\"method\":\"GET\","
                + "\"target\":\"/x\",\"protocol\":\"HTTP/1.1\",\"host\":\"lb\",\"status\":200,\"bytes_sent\":5,"
                + "\"referer\":null,\"user_agent\":null,\"upstream\":[\"10.0.0.6:8080\",\"10.0.0.5:8080\"],"
                + "\"upstream_status\":[502,200],\"upstream_time\":[0.001,0.010],\"attempts\":2,\"request_time\":0.012,"
                + "\"reason\":null,\"why\":null}\n", json(Entries.retried()));
    }

    @Test
    void jsonSelfAnswer() {
        assertEquals("{\"time\":\"2026-12-04T17:15:00.042Z\",\"client\":\"10.0.0.9\",\"user\":null,\"method\":\"POST\","
                + "\"target\":\"/orders\",\"protocol\":\"HTTP/1.1\",\"host\":null,\"status\":503,\"bytes_sent\":86,"
                + "\"referer\":null,\"user_agent\":\"app/1\",\"upstream\":[],\"upstream_status\":[],\"upstream_time\":[],"
                + "\"attempts\":0,\"request_time\":0.000,\"reason\":\"no-backend\","
                + "\"why\":\"no backend is fit: http://10.0.0.5:8080 down\"}\n", json(Entries.noFitBackend()));
    }

    @Test
    void jsonEscapes() {
        String line = json(Entries.awkward());
        assertEquals("\"target\":\"/a\\\"b\"", line.substring(line.indexOf("\"target\""), line.indexOf(",\"protocol\"")));
        assertEquals("\"referer\":\"x\\\\y\",\"user_agent\":\"say \\\"hi\\\"\\t\\u00e9\\u20ac\"",
                line.substring(line.indexOf("\"referer\""), line.indexOf(",\"upstream\"")));
    }

    @Test
    void jsonTimeHasTheZoneOffset() {
        String line = line(AccessLogFormat.JSON, ZoneId.of("Asia/Kolkata"), Entries.forwarded());
        assertEquals("{\"time\":\"2026-12-04T22:45:00.042+05:30\",", line.substring(0, line.indexOf("\"client\"")));
    }

    @Test
    void secondsKeepMilliseconds() {
        StringBuilder out = new StringBuilder();
        for (long nanos : new long[] {0, 999_999, 1_000_000, 42_000_000, 1_005_000_000L, 61_234_999_999L}) {
            LineLayout.seconds(nanos, out);
            out.append(' ');
        }
        assertEquals("0.000 0.000 0.001 0.042 1.005 61.234 ", out.toString());
    }
}
