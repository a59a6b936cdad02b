package lb.proxy;

import java.io.IOException;
import java.io.InputStream;

/**
 * The client's request body as the HTTP client reads it to send it on: a failure to read it,
 * or a body shorter than its Content-Length, becomes {@link ClientBrokeOff}, so the exchange is
 * dropped as the client's fault rather than answered as a broken backend.
 */
final class ClientBody extends InputStream {
    private final InputStream in;
    private long left;

    /** @param length the Content-Length, or {@link OutboundRequest#CHUNKED} */
    ClientBody(InputStream in, long length) {
        this.in = in;
        this.left = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw new ClientBrokeOff("reading the client's request body failed", e);
        }
        if (n < 0 && left > 0) {
            throw new ClientBrokeOff("the client's request body ended " + left + " bytes early");
        }
        if (n > 0 && left > 0) left -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
