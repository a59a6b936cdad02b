package lb.accesslog;

import java.time.ZoneId;
import java.util.List;

import lb.observe.Attempt;

/**
 * One JSON object per line, the fields of {@link CombinedLayout} plus the Host header, named
 * after nginx's variables; an absent value is null, never left out, so every line has the same
 * keys. Times are numbers of seconds; the time of the line is RFC 3339 with milliseconds.
 * Control characters and everything beyond ASCII are written as JSON's unicode escapes.
 */
final class JsonLayout implements LineLayout {
    private final SecondClock time;
    private final SecondClock offset;

    JsonLayout(ZoneId zone) {
        time = new SecondClock("yyyy-MM-dd'T'HH:mm:ss", zone);
        offset = new SecondClock("XXX", zone);
    }

    @Override
    public void append(Entry e, StringBuilder out) {
        long ms = Math.floorMod(e.endMillis(), 1000L);
        out.append("{\"time\":\"").append(time.at(e.endMillis())).append('.');
        if (ms < 100) out.append('0');
        if (ms < 10) out.append('0');
        out.append(ms).append(offset.at(e.endMillis())).append('"');
        field("client", e.client(), out);
        field("user", e.user(), out);
        field("method", e.method(), out);
        field("target", e.target(), out);
        field("protocol", e.protocol(), out);
        field("host", e.host(), out);
        out.append(",\"status\":").append(e.status());
        out.append(",\"bytes_sent\":").append(e.bytesSent());
        field("referer", e.referer(), out);
        field("user_agent", e.userAgent(), out);
        List<Attempt> attempts = e.attempts();
        out.append(",\"upstream\":[");
        for (int i = 0; i < attempts.size(); i++) {
            if (i > 0) out.append(',');
            string(LineLayout.address(attempts.get(i)), out);
        }
        out.append("],\"upstream_status\":[");
        for (int i = 0; i < attempts.size(); i++) {
            if (i > 0) out.append(',');
            int status = attempts.get(i).status();
            if (status == 0) out.append("null"); // the client failed before the backend could answer
            else out.append(status);
        }
        out.append("],\"upstream_time\":[");
        for (int i = 0; i < attempts.size(); i++) {
            if (i > 0) out.append(',');
            LineLayout.seconds(attempts.get(i).nanos(), out);
        }
        out.append("],\"attempts\":").append(attempts.size()).append(",\"request_time\":");
        LineLayout.seconds(e.totalNanos(), out);
        field("reason", e.reason() == null ? null : e.reason().label(), out);
        field("why", e.why(), out);
        out.append("}\n");
    }

    private static void field(String name, String value, StringBuilder out) {
        out.append(",\"").append(name).append("\":");
        if (value == null) out.append("null");
        else string(value, out);
    }

    static void string(String s, StringBuilder out) {
        out.append('"');
        int plain = 0;
        while (plain < s.length() && isPlain(s.charAt(plain))) plain++;
        out.append(s, 0, plain); // most values need no escape: copied at once
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (!isPlain(c)) {
                        out.append("\\u");
                        for (int shift = 12; shift >= 0; shift -= 4) out.append(Character.forDigit((c >> shift) & 0xf, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isPlain(char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }
}
