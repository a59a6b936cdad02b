package lb.client;

import java.io.IOException;
import java.io.InputStream;

/**
 * A backend's response body as the connection delivers it. Read to its end, it hands the
 * connection back for the next request; closed or broken before that, it closes the connection,
 * which never carries a half-read answer into another exchange.
 */
final class ResponseBody extends InputStream {
    private final InputStream in;
    private final BackendConnection connection;
    private final boolean keepAlive;
    private boolean ended;

    ResponseBody(InputStream in, BackendConnection connection, boolean keepAlive) {
        this.in = in;
        this.connection = connection;
        this.keepAlive = keepAlive;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        int n;
        try {
            n = connection.read(in, b, off, len);
        } catch (IOException e) {
            close();
            throw e;
        }
        if (n < 0) {
            ended = true;
            connection.finish(keepAlive);
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return ended ? 0 : in.available();
    }

    @Override
    public void close() {
        if (!ended) {
            ended = true;
            connection.close();
        }
    }
}
