package bench.forward;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The least HTTP/1.1 a forward needs: one fixed GET, and where the body of an answer framed by
 * Content-Length starts once all of it is in. Enough for the nginx backends of bench/lib.sh.
 */
final class RawHttp {
    static final byte[] REQUEST = "GET /bench HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final String CONTENT_LENGTH = "\r\ncontent-length:";

    private RawHttp() {
    }

    /** Where the body starts when head and body are complete in {@code in}'s written part; -1 before. */
    static int bodyStart(ByteBuffer in) {
        byte[] a = in.array();
        int n = in.position();
        for (int i = 3; i < n; i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                String head = new String(a, 0, i, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                int at = head.indexOf(CONTENT_LENGTH) + CONTENT_LENGTH.length();
                long length = Long.parseLong(head.substring(at, head.indexOf('\r', at)).trim());
                return n - (i + 1) >= length ? i + 1 : -1;
            }
        }
        return -1;
    }

    static byte[] body(ByteBuffer in, int start) {
        byte[] body = new byte[in.position() - start];
        System.arraycopy(in.array(), start, body, 0, body.length);
        return body;
    }
}
