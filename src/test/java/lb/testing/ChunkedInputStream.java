package lb.testing;

import java.io.IOException;
import java.io.InputStream;

/** Decodes a chunked message body (RFC 9112 7.1), trailers skipped. */
final class ChunkedInputStream extends BodyInputStream {
    private final InputStream in;
    private long chunkLeft;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) return -1;
        if (chunkLeft == 0) {
            String sizeLine = Http.readLine(in);
            if (sizeLine == null) throw new IOException("chunked body ended early");
            int semi = sizeLine.indexOf(';');
            chunkLeft = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (chunkLeft == 0) {
                while (true) {
                    String trailer = Http.readLine(in);
                    if (trailer == null || trailer.isEmpty()) break;
                }
                done = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, chunkLeft));
        if (n < 0) throw new IOException("chunk ended early");
        chunkLeft -= n;
        if (chunkLeft == 0) Http.readLine(in);
        return n;
    }
}
