package lb.accesslog;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;

import lb.observe.Attempt;

/**
 * nginx's {@code combined} format, then the balancer's own fields as {@code name=value}:
 * <pre>
 * 10.0.0.9 - - [04/Dec/2026:17:15:00 +0000] "GET /x HTTP/1.1" 200 128 "-" "curl/8.5" upstream=10.0.0.5:8080
 *   upstream_status=200 upstream_time=0.002 attempts=1 request_time=0.003
 * </pre>
 * followed by {@code reason=... why="..."} when the balancer answered itself. Lists of attempts
 * are comma-separated without spaces (nginx puts ", "), so every value is one word for awk.
 * Strings are escaped as nginx's {@code escape=default}: {@code "}, {@code \}, control characters
 * and everything beyond ASCII as {@code \xHH}, so a line is one line of ASCII whatever a client sends.
 */
final class CombinedLayout implements LineLayout {
    private final SecondClock time;

    CombinedLayout(ZoneId zone) {
        time = new SecondClock("dd/MMM/yyyy:HH:mm:ss Z", zone);
    }

    @Override
    public void append(Entry e, StringBuilder out) {
        text(e.client(), out);
        out.append(" - ");
        text(e.user(), out);
        out.append(" [").append(time.at(e.endMillis())).append("] \"");
        escape(e.method(), out);
        out.append(' ');
        escape(e.target(), out);
        out.append(' ');
        escape(e.protocol(), out);
        out.append("\" ").append(e.status()).append(' ').append(e.bytesSent()).append(" \"");
        text(e.referer(), out);
        out.append("\" \"");
        text(e.userAgent(), out);
        out.append("\" upstream=");
        List<Attempt> attempts = e.attempts();
        if (attempts.isEmpty()) {
            out.append("- upstream_status=- upstream_time=-");
        } else {
            for (int i = 0; i < attempts.size(); i++) {
                if (i > 0) out.append(',');
                escape(LineLayout.address(attempts.get(i)), out);
            }
            out.append(" upstream_status=");
            for (int i = 0; i < attempts.size(); i++) {
                if (i > 0) out.append(',');
                int status = attempts.get(i).status();
                if (status == 0) out.append('-'); // the client failed before the backend could answer
                else out.append(status);
            }
            out.append(" upstream_time=");
            for (int i = 0; i < attempts.size(); i++) {
                if (i > 0) out.append(',');
                LineLayout.seconds(attempts.get(i).nanos(), out);
            }
        }
        out.append(" attempts=").append(attempts.size()).append(" request_time=");
        LineLayout.seconds(e.totalNanos(), out);
        if (e.reason() != null) {
            out.append(" reason=").append(e.reason().label()).append(" why=\"");
            text(e.why(), out);
            out.append('"');
        }
        out.append('\n');
    }

    /** A value, or nginx's "-" for one that is absent or empty. */
    private static void text(String s, StringBuilder out) {
        if (s == null || s.isEmpty()) out.append('-');
        else escape(s, out);
    }

    static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x7f) {
                escapeFrom(s, i, out);
                return;
            }
        }
        out.append(s);
    }

    private static void escapeFrom(String s, int from, StringBuilder out) {
        out.append(s, 0, from);
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
                hex(c, out);
            } else if (c < 0x7f) {
                out.append(c);
            } else if (c <= 0xff) {
                hex(c, out); // header values arrive as ISO-8859-1: one char per byte received
            } else {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp) - 1;
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) hex(b & 0xff, out);
            }
        }
    }

    private static void hex(int b, StringBuilder out) {
        out.append("\\x").append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
    }
}
