package lb.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket server (RFC 6455) on 127.0.0.1 over plain sockets, one thread per connection:
 * the opening handshake, then every data frame echoed as it came (text, binary, continuation,
 * its FIN bit kept), pings answered with pongs, a close echoed and the connection closed. Paths:
 * <ul>
 * <li>{@code /forbidden}: answers {@code 403} with the body {@code no entry for /forbidden};</li>
 * <li>{@code /greet}: sends the text message {@code welcome} in the same write as its 101;</li>
 * <li>any path, without {@code Upgrade}: answers {@code 426} with the body {@code upgrade required};</li>
 * <li>the text message {@code please close CODE REASON} makes it close with that code and reason.</li>
 * </ul>
 * {@link #close()} stops it as a killed process would: every connection cut, no close frame.
 * Run on its own ({@code main}, port as the argument) it serves the benchmark.
 */
public final class WebSocketBackend implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final String PLEASE_CLOSE = "please close ";

    /** An opening request as it arrived: its request line and header lines in order. */
    public record Handshake(String requestLine, List<String[]> headers) {
        public String header(String name) {
            return HeaderLines.first(headers, name);
        }
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "websocket-backend");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    private WebSocketBackend(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2048);
        threads.execute(this::acceptLoop);
    }

    public static WebSocketBackend start() throws IOException {
        return new WebSocketBackend(0);
    }

    public static void main(String[] args) throws Exception {
        try (WebSocketBackend backend = new WebSocketBackend(Integer.parseInt(args[0]))) {
            System.out.println("WebSocket echo backend on " + backend.url());
            Thread.currentThread().join();
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The next opening request, waiting up to 10 s. */
    public Handshake nextHandshake() throws InterruptedException {
        Handshake h = handshakes.poll(10, TimeUnit.SECONDS);
        if (h == null) throw new AssertionError("no handshake reached the backend");
        return h;
    }

    public void clearHandshakes() {
        handshakes.clear();
    }

    /** The next close frame a client sent, as "CODE REASON", waiting up to 10 s. */
    public String nextClose() throws InterruptedException {
        String c = closes.poll(10, TimeUnit.SECONDS);
        if (c == null) throw new AssertionError("no close frame reached the backend");
        return c;
    }

    /** Connections open right now. */
    public int openConnections() {
        return open.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
        open.forEach(WebSocketBackend::closeQuietly);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (RejectedExecutionException | IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            String requestLine = Http.readLine(in);
            if (requestLine == null) return;
            Handshake handshake = new Handshake(requestLine, Http.readHeaders(in));
            handshakes.add(handshake);
            if (handshake(handshake, out)) {
                echo(in, out);
            }
        } catch (IOException e) {
            // the peer went away, or close() cut the connection
        } finally {
            open.remove(socket);
        }
    }

    /** Answers the opening request; true when the connection is now a WebSocket. */
    private static boolean handshake(Handshake h, OutputStream out) throws IOException {
        String path = h.requestLine().split(" ")[1];
        if (path.startsWith("/forbidden")) {
            respond(out, "403 Forbidden", "no entry for " + path);
            return false;
        }
        String key = h.header("Sec-WebSocket-Key");
        if (h.header("Upgrade") == null || key == null) {
            respond(out, "426 Upgrade Required", "upgrade required");
            return false;
        }
        StringBuilder head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Accept: ").append(accept(key)).append("\r\n");
        String protocols = h.header("Sec-WebSocket-Protocol");
        if (protocols != null) {
            head.append("Sec-WebSocket-Protocol: ").append(protocols.split(",")[0].trim()).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (path.startsWith("/greet")) {
            frame(out, true, 1, "welcome".getBytes(StandardCharsets.UTF_8)); // same write as the head
        }
        out.flush();
        return true;
    }

    private static void respond(OutputStream out, String status, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: " + content.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(content);
        out.flush();
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void echo(InputStream in, OutputStream out) throws IOException {
        boolean closing = false;
        while (true) {
            int b0 = in.read();
            if (b0 < 0) return;
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0f;
            byte[] payload = payload(in);
            switch (opcode) {
                case 0, 1, 2 -> {
                    String text = opcode == 1 && fin ? new String(payload, StandardCharsets.UTF_8) : "";
                    if (text.startsWith(PLEASE_CLOSE)) {
                        String[] codeAndReason = text.substring(PLEASE_CLOSE.length()).split(" ", 2);
                        frame(out, true, 8, closePayload(Integer.parseInt(codeAndReason[0]), codeAndReason[1]));
                        closing = true;
                    } else {
                        frame(out, fin, opcode, payload);
                    }
                }
                case 9 -> frame(out, true, 10, payload);
                case 8 -> {
                    closes.add(describeClose(payload));
                    if (!closing) frame(out, true, 8, payload);
                    out.flush();
                    return;
                }
                default -> { // pong, or an opcode of no use here
                }
            }
            if (in.available() == 0) out.flush();
        }
    }

    private static byte[] payload(InputStream in) throws IOException {
        int b1 = in.read();
        if (b1 < 0) throw new EOFException();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = (readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) length = (length << 8) | readByte(in);
        }
        byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length) throw new EOFException();
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
        }
        return payload;
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException();
        return b;
    }

    /** An unmasked frame, as a server sends it. */
    private static void frame(OutputStream out, boolean fin, int opcode, byte[] payload) throws IOException {
        out.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length < 65536) {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) out.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
        }
        out.write(payload);
    }

    private static byte[] closePayload(int code, String reason) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(code >>> 8);
        p.write(code & 0xff);
        p.writeBytes(reason.getBytes(StandardCharsets.UTF_8));
        return p.toByteArray();
    }

    private static String describeClose(byte[] payload) {
        if (payload.length < 2) return "none";
        int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        return code + " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
