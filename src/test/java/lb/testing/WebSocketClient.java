package lb.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client, the JDK's {@link WebSocket}, that queues what it receives: whole
 * text and binary messages, pongs, and how the connection ended, for a test to take in order.
 */
public final class WebSocketClient implements WebSocket.Listener {
    /** The end of a connection: a close frame's code and reason, or the failure that ended it. */
    public record Ended(int code, String reason, Throwable error) {
        @Override
        public String toString() {
            return error != null ? "error " + error : code + " " + reason;
        }
    }

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private ByteBuffer binary = ByteBuffer.allocate(0);
    private WebSocket socket;

    private WebSocketClient() {
    }

    /** Opens ws://127.0.0.1:port/path, offering {@code subprotocols}; fails when the handshake does. */
    public static WebSocketClient connect(HttpClient http, int port, String path, String... subprotocols) throws Exception {
        WebSocketClient client = new WebSocketClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20));
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), client).get(30, TimeUnit.SECONDS);
        return client;
    }

    public WebSocket socket() {
        return socket;
    }

    public String nextText() throws InterruptedException {
        return (String) next(String.class);
    }

    public byte[] nextBinary() throws InterruptedException {
        ByteBuffer b = (ByteBuffer) next(ByteBuffer.class);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    public byte[] nextPong() throws InterruptedException {
        return ((Pong) next(Pong.class)).payload;
    }

    public Ended nextEnd() throws InterruptedException {
        return (Ended) next(Ended.class);
    }

    /** Nothing received within {@code millis}. */
    public boolean quietFor(long millis) throws InterruptedException {
        Object e = events.poll(millis, TimeUnit.MILLISECONDS);
        if (e != null) {
            events.add(e);
            return false;
        }
        return true;
    }

    private Object next(Class<?> expected) throws InterruptedException {
        Object e = events.poll(20, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError("nothing received within 20 s; expected a " + expected.getSimpleName());
        if (!expected.isInstance(e)) throw new AssertionError("expected a " + expected.getSimpleName() + ", received " + e);
        return e;
    }

    private record Pong(byte[] payload) {
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            events.add(text.toString());
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
        binary = joined.put(binary).put(data).flip();
        if (last) {
            events.add(binary);
            binary = ByteBuffer.allocate(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        byte[] payload = new byte[message.remaining()];
        message.get(payload);
        events.add(new Pong(payload));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        events.add(new Ended(statusCode, reason, null));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        events.add(new Ended(-1, null, error));
    }
}
