package lb.proxy;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.ServletInputStream;

/**
 * The client's request body as the HTTP client reads it to send it on: a failure to read it,
 * or a body that ends before its Content-Length or its last chunk, becomes
 * {@link ClientBrokeOff}, so the exchange is dropped as the client's fault rather than
 * answered as a broken backend, and a cut-off body never reaches the backend looking whole.
 */
final class ClientBody extends InputStream {
    private final ServletInputStream in;
    private long left;

    /** @param bodyLength the Content-Length, or {@link lb.client.ExactRequest#CHUNKED} */
    ClientBody(ServletInputStream in, long bodyLength) {
        this.in = in;
        this.left = bodyLength;
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
