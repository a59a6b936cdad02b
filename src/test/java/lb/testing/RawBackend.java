package lb.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A real HTTP/1.1 backend on 127.0.0.1 over plain sockets, so a test sees the request exactly
 * as the balancer wrote it (header names, order, repeats) and can answer with anything,
 * including broken responses. Keep-alive is supported; handlers are chosen by path prefix.
 */
public final class RawBackend implements AutoCloseable {

    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    private final String name;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-backend");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Exchange> received = new LinkedBlockingQueue<>();

    private RawBackend(String name, int port, ServerSocket server) throws IOException {
        this.name = name;
        this.server = server;
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        threads.execute(this::acceptLoop);
    }

    /** A backend on a free port that answers 200 with its name, after reading the body. */
    public static RawBackend start(String name) throws IOException {
        return new RawBackend(name, 0, new ServerSocket());
    }

    /** The same on a given port: a backend restarted where the balancer expects it. */
    public static RawBackend start(String name, int port) throws IOException {
        return new RawBackend(name, port, new ServerSocket());
    }

    /** The same over TLS, with the key and certificate of {@code tls}; each exchange knows the SNI name it came with. */
    public static RawBackend startTls(String name, SSLContext tls) throws IOException {
        return new RawBackend(name, 0, tls.getServerSocketFactory().createServerSocket());
    }

    public RawBackend route(String pathPrefix, Handler handler) {
        routes.put(pathPrefix, handler);
        return this;
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return (server instanceof SSLServerSocket ? "https" : "http") + "://127.0.0.1:" + port();
    }

    /** The next request this backend received, waiting up to 10 s for it. */
    public Exchange next() throws InterruptedException {
        Exchange e = received.poll(10, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError(name + " received no request");
        return e;
    }

    public int receivedCount() {
        return received.size();
    }

    /** Requests received on paths starting with {@code prefix}. */
    public long receivedCount(String prefix) {
        return received.stream().filter(e -> e.path().startsWith(prefix)).count();
    }

    /** Connections from the balancer open right now, idle pooled ones included. */
    public int openConnections() {
        return open.size();
    }

    public void clear() {
        received.clear();
    }

    /**
     * Stops at once, as a killed process would: the port is closed and every connection with it.
     * Returns when every thread of this backend has ended, so the port can be bound again.
     */
    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
        open.forEach(RawBackend::closeQuietly);
        try {
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IOException(name + " did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        // A connection accepted while the above ran.
        open.forEach(RawBackend::closeQuietly);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(socket);
            try {
                threads.execute(() -> serve(socket));
            } catch (RejectedExecutionException stopping) {
                // accepted as the backend stopped: dropped with the rest, as a dying process drops it
                closeQuietly(socket);
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = socket.getOutputStream();
            while (true) {
                Exchange exchange = Exchange.read(this, socket, in, out);
                if (exchange == null) {
                    return;
                }
                received.add(exchange);
                handlerFor(exchange.path()).handle(exchange);
                out.flush();
                if (socket.isClosed()) {
                    return;
                }
                exchange.drainBody();
            }
        } catch (SocketException e) {
            // the peer went away: normal for a proxy that aborts a connection
        } catch (IOException e) {
            // likewise
        } finally {
            open.remove(socket);
        }
    }

    private Handler handlerFor(String path) {
        String best = null;
        for (String prefix : routes.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? Exchange::answerWithName : routes.get(best);
    }

    /** One request as it arrived, and the means to answer it. */
    public static final class Exchange {
        public final RawBackend backend;
        public final Socket socket;
        public final String method;
        public final String target;
        public final String version;
        /** Header lines as sent, name and value, in order. */
        public final List<String[]> headers;
        public final InputStream body;
        public final OutputStream out;
        private byte[] bodyBytes;

        private Exchange(RawBackend backend, Socket socket, String requestLine, List<String[]> headers,
                         InputStream rawIn, OutputStream out) throws IOException {
            this.backend = backend;
            this.socket = socket;
            String[] parts = requestLine.split(" ", 3);
            if (parts.length != 3) throw new IOException("bad request line: " + requestLine);
            this.method = parts[0];
            this.target = parts[1];
            this.version = parts[2];
            this.headers = headers;
            this.out = out;
            String te = header("Transfer-Encoding");
            String cl = header("Content-Length");
            if (te != null && te.toLowerCase().contains("chunked")) {
                body = new ChunkedInputStream(rawIn);
            } else if (cl != null) {
                body = new BoundedInputStream(rawIn, Long.parseLong(cl.trim()));
            } else {
                body = InputStream.nullInputStream();
            }
        }

        static Exchange read(RawBackend backend, Socket socket, InputStream in, OutputStream out) throws IOException {
            String requestLine = Http.readLine(in);
            if (requestLine == null) {
                return null;
            }
            return new Exchange(backend, socket, requestLine, Http.readHeaders(in), in, out);
        }

        /** The host name the client sent with SNI in the TLS handshake; null for none, or no TLS. */
        public String serverName() {
            if (socket instanceof SSLSocket tls && tls.getSession() instanceof ExtendedSSLSession session) {
                for (SNIServerName name : session.getRequestedServerNames()) {
                    if (name instanceof SNIHostName host) return host.getAsciiName();
                }
            }
            return null;
        }

        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        /** The first value of a header, by case-insensitive name, or null. */
        public String header(String name) {
            return HeaderLines.first(headers, name);
        }

        /** Every value of a header, in order. */
        public List<String> headers(String name) {
            return HeaderLines.all(headers, name);
        }

        /** Header lines as "Name: value", in order. */
        public List<String> headerLines() {
            List<String> lines = new ArrayList<>();
            for (String[] h : headers) lines.add(h[0] + ": " + h[1]);
            return lines;
        }

        public byte[] bodyBytes() throws IOException {
            if (bodyBytes == null) bodyBytes = body.readAllBytes();
            return bodyBytes;
        }

        void drainBody() throws IOException {
            body.transferTo(OutputStream.nullOutputStream());
        }

        public void write(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Status, extra header lines, and a body sent with Content-Length. */
        public void respond(int status, List<String> headerLines, byte[] content) throws IOException {
            bodyBytes();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes(("HTTP/1.1 " + status + " " + Http.reason(status) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (String line : headerLines) {
                head.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200);
            if (status != 204 && status != 304 && headerLines.stream().noneMatch(l -> l.toLowerCase().startsWith("content-length:"))) {
                head.writeBytes(("Content-Length: " + content.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            // One write: a backend stopped by a test never leaves a head without its body.
            if (!noBody) head.writeBytes(content);
            out.write(head.toByteArray());
            out.flush();
        }

        /** 200 with X-Backend and the backend's name as the body. */
        public void answerWithName() throws IOException {
            respond(200, List.of("X-Backend: " + backend.name, "Content-Type: text/plain"),
                    backend.name.getBytes(StandardCharsets.UTF_8));
        }
    }
}
