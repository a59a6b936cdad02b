package lb.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Locale;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.io.CloseMode;

/**
 * One keep-alive connection to a backend. HttpCore writes and parses the messages; this class
 * puts the exact request on the wire and decides whether the connection outlives the answer.
 */
final class BackendConnection {
    /** How a request body gets written: Jersey serializes the entity into the stream given. */
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private final DefaultBHttpClientConnection http;
    private final Socket socket;
    private final ConnectionPool pool;
    private final String origin;
    private final Deadline deadline;
    private final BackendTls tls;
    private int readTimeoutMillis;
    // Written before the connection enters the pool's deque, read after it leaves it: the deque orders them.
    private boolean reused;
    private long idleSince;

    BackendConnection(DefaultBHttpClientConnection http, Socket socket, ConnectionPool pool, String origin, Deadline deadline,
                      BackendTls tls) {
        this.http = http;
        this.socket = socket;
        this.pool = pool;
        this.origin = origin;
        this.deadline = deadline;
        this.tls = tls;
    }

    /** What the connection's TLS was set up with; null for plain HTTP. */
    BackendTls tls() {
        return tls;
    }

    Deadline deadline() {
        return deadline;
    }

    String origin() {
        return origin;
    }

    /** True when this connection served an earlier request: the backend may have closed it since. */
    boolean reused() {
        return reused;
    }

    long idleSince() {
        return idleSince;
    }

    /** Marks the connection idle in the pool from {@code now}. */
    void park(long now) {
        reused = true;
        idleSince = now;
    }

    /** Whether the backend closed the connection while it was idle (costs a 1 ms read). */
    boolean stale() {
        try {
            return http.isStale();
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Sends the request head exactly as given, then the body, if any follows (framed as its header
     * line says). Every read of the answer may then wait up to {@code readTimeoutMillis}.
     */
    void send(ExactRequest exact, BodyWriter body, int readTimeoutMillis) throws IOException, HttpException {
        this.readTimeoutMillis = readTimeoutMillis;
        BasicClassicHttpRequest request = new BasicClassicHttpRequest(exact.method(), exact.target());
        for (Header h : exact.headers()) {
            request.addHeader(h.name(), h.value());
        }
        if (exact.bodyLength() == ExactRequest.CHUNKED) {
            request.addHeader("Transfer-Encoding", "chunked");
        } else if (exact.hasBody()) {
            request.addHeader("Content-Length", Long.toString(exact.bodyLength()));
        }
        if (body != null) {
            request.setEntity(new WrittenEntity(out -> {
                try {
                    body.writeTo(out);
                } catch (IOException | RuntimeException e) {
                    // Cut before HttpCore closes the body's framing: a last chunk would make a cut-off body look whole.
                    close();
                    throw e;
                }
            }));
        }
        http.sendRequestHeader(request);
        http.sendRequestEntity(request);
        http.flush();
    }

    /**
     * The final response head; interim 1xx answers are skipped. A 101 is final for a request that
     * asked to switch protocols ({@code upgrade}), and invalid for any other.
     */
    ClassicHttpResponse receiveHead(boolean upgrade) throws IOException, HttpException {
        return deadline.within(readTimeoutMillis, () -> finalHead(upgrade), this::readTimedOut);
    }

    private ClassicHttpResponse finalHead(boolean upgrade) throws IOException, HttpException {
        while (true) {
            ClassicHttpResponse head = http.receiveResponseHeader();
            if (head.getCode() == 101) {
                if (upgrade) {
                    return head;
                }
                throw new ProtocolException("101 Switching Protocols to a request that asked for no upgrade");
            }
            if (head.getCode() >= 200) {
                return head;
            }
        }
    }

    /** Reads some of the answer's body from {@code in}, HttpCore's stream over this connection. */
    int read(InputStream in, byte[] b, int off, int len) throws IOException {
        return deadline.within(readTimeoutMillis, () -> in.read(b, off, len), this::readTimedOut);
    }

    private SocketTimeoutException readTimedOut() {
        return new SocketTimeoutException("no data from the backend within " + readTimeoutMillis + " ms");
    }

    /** The body of the answer to {@code method}; empty where HTTP says there is none (RFC 9112 6.3). */
    InputStream body(String method, ClassicHttpResponse head) throws IOException, HttpException {
        int status = head.getCode();
        if (method.equals("HEAD") || status == 204 || status == 304) {
            finish(keepsAlive(head));
            return InputStream.nullInputStream();
        }
        http.receiveResponseEntity(head);
        HttpEntity entity = head.getEntity();
        boolean delimitedByClose = entity.getContentLength() < 0 && !entity.isChunked();
        return new ResponseBody(entity.getContent(), this, !delimitedByClose && keepsAlive(head));
    }

    /** RFC 9112 9.3: HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 only when told to keep it. */
    private static boolean keepsAlive(ClassicHttpResponse head) {
        boolean keepAliveToken = false;
        for (org.apache.hc.core5.http.Header connection : head.getHeaders("Connection")) {
            for (String token : connection.getValue().split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (t.equals("close")) return false;
                if (t.equals("keep-alive")) keepAliveToken = true;
            }
        }
        return keepAliveToken || head.getVersion() == null || head.getVersion().greaterEquals(HttpVersion.HTTP_1_1);
    }

    /**
     * Hands the connection over after its 101 answer: it leaves the pool and its deadlines, and
     * the bytes HttpCore read past the head (the new protocol's first) go along with the socket.
     */
    UpgradedConnection upgrade(ClassicHttpResponse head) throws IOException, HttpException {
        pool.closed(this);
        // Without a length, the "body" is everything that follows: read only what is buffered already.
        http.receiveResponseEntity(head);
        InputStream rest = head.getEntity().getContent();
        byte[] early = new byte[rest.available()];
        // Never a read of nothing: HttpCore's buffer would wait for the socket to fill it.
        for (int n = 0; n < early.length; ) {
            n += rest.read(early, n, early.length - n);
        }
        return new UpgradedConnection(socket, early);
    }

    /** The answer was read to its end: back to the pool, or closed when it cannot carry another. */
    void finish(boolean keepAlive) {
        if (keepAlive) {
            pool.release(this);
        } else {
            pool.closed(this);
            http.close(CloseMode.GRACEFUL);
        }
    }

    /** Drops the connection at once, whatever is still in flight on it. */
    void close() {
        pool.closed(this);
        http.close(CloseMode.IMMEDIATE);
    }

    /** HttpCore's view of a body that Jersey writes; the framing comes from the header line. */
    private static final class WrittenEntity extends AbstractHttpEntity {
        private final BodyWriter writer;

        WrittenEntity(BodyWriter writer) {
            super((String) null, null);
            this.writer = writer;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            writer.writeTo(out);
        }

        @Override
        public InputStream getContent() {
            throw new UnsupportedOperationException("written, not read");
        }

        @Override
        public long getContentLength() {
            return -1;
        }

        @Override
        public boolean isRepeatable() {
            return false;
        }

        @Override
        public boolean isStreaming() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
