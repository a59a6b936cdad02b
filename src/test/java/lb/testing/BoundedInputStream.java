package lb.testing;

import java.io.IOException;
import java.io.InputStream;

/** Reads exactly {@code length} bytes of a message body, then reports the end. */
final class BoundedInputStream extends BodyInputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long length) {
        this.in = in;
        this.left = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) return -1;
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) throw new IOException("body ended " + left + " bytes early");
        left -= n;
        return n;
    }
}
