package lb.testing;

import java.io.IOException;
import java.io.InputStream;

/** A message body decoder: single-byte reads go through the framing-aware bulk read. */
abstract class BodyInputStream extends InputStream {
    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
