package lb.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One tunnel's two pumps, driven by the test on its own thread: the client side is a servlet
 * connection played by the test (what the server would deliver, and when it would call the
 * listeners), the backend side a real loopback socket, and the relay is turned by hand.
 */
class TunnelTest {
    private final List<String> events = new ArrayList<>();
    private Relay relay;
    private SocketChannel backendPeer; // the backend's end of the connection
    private SocketChannel tunnelEnd;
    private ClientIn in;
    private ClientOut out;
    private Tunnel tunnel;

    /** What the server has received from the client and not yet handed over. */
    private final class ClientIn extends ServletInputStream {
        final ArrayDeque<byte[]> arrived = new ArrayDeque<>();
        boolean ended;
        ReadListener listener;

        @Override
        public boolean isReady() {
            return !arrived.isEmpty() || ended;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (arrived.isEmpty()) return ended ? -1 : 0;
            byte[] chunk = arrived.poll();
            int n = Math.min(len, chunk.length);
            System.arraycopy(chunk, 0, b, off, n);
            if (n < chunk.length) arrived.addFirst(Arrays.copyOfRange(chunk, n, chunk.length));
            return n;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isFinished() {
            return ended && arrived.isEmpty();
        }

        @Override
        public void setReadListener(ReadListener readListener) {
            listener = readListener;
            if (isReady()) {
                try {
                    listener.onDataAvailable();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** What the server has taken to send to the client; {@code ready} is whether it takes more. */
    private final class ClientOut extends ServletOutputStream {
        final ByteArrayOutputStream flushed = new ByteArrayOutputStream();
        final ByteArrayOutputStream buffered = new ByteArrayOutputStream();
        boolean ready = true;
        WriteListener listener;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (!ready) throw new IllegalStateException("written while not ready");
            buffered.write(b, off, len);
        }

        @Override
        public void write(int b) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flush() {
            if (!ready) throw new IllegalStateException("flushed while not ready");
            flushed.writeBytes(buffered.toByteArray());
            buffered.reset();
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
            listener = writeListener;
            if (ready) {
                try {
                    listener.onWritePossible();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }

        String text() {
            return flushed.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @BeforeEach
    void open() throws IOException {
        relay = new Relay(() -> Duration.ofHours(1));
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            tunnelEnd = SocketChannel.open(server.getLocalAddress());
            backendPeer = server.accept();
        }
        in = new ClientIn();
        out = new ClientOut();
        WebConnection client = new WebConnection() {
            @Override
            public ServletInputStream getInputStream() {
                return in;
            }

            @Override
            public ServletOutputStream getOutputStream() {
                return out;
            }

            @Override
            public void close() {
                events.add("client connection closed");
            }
        };
        tunnel = new Tunnel(tunnelEnd, "early:".getBytes(StandardCharsets.ISO_8859_1), client, relay, "#1");
        tunnel.open();
    }

    @AfterEach
    void close() throws IOException {
        tunnel.close("test over");
        backendPeer.close();
        relay.close();
    }

    private String backendReceives(int length) throws IOException {
        ByteBuffer got = ByteBuffer.allocate(length);
        while (got.hasRemaining()) {
            if (backendPeer.read(got) < 0) break;
        }
        return new String(got.array(), 0, got.position(), StandardCharsets.ISO_8859_1);
    }

    private void backendSends(String text) throws IOException {
        backendPeer.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private void clientSends(String text) throws IOException {
        in.arrived.add(text.getBytes(StandardCharsets.ISO_8859_1));
        in.listener.onDataAvailable();
    }

    @Test
    void theBackendsFirstBytesGoFirstThenBothWaysAsTheyCome() throws IOException {
        assertEquals("early:", out.text(), "written and flushed at the first write callback");
        clientSends("hello");
        clientSends(" again");
        assertEquals("hello again", backendReceives(11));
        backendSends("welcome");
        relay.turn(1000);
        assertEquals("early:welcome", out.text());
        assertEquals(List.of(), events);
    }

    @Test
    void aSlowClientStopsTheReadingOfTheBackendUntilItTakesMore() throws IOException {
        out.ready = false; // the server's buffer for the client is full
        backendSends("one");
        relay.turn(200);
        assertEquals("early:", out.text(), "nothing read while the client takes nothing");
        relay.turn(200);
        out.ready = true;
        out.listener.onWritePossible(); // the server: the client took it all
        assertEquals("early:one", out.text());
    }

    @Test
    void aBackendThatTakesNothingStopsTheReadingOfTheClient() throws IOException {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        int sent = 0;
        // Until the socket buffers between tunnel and backend are full: the rest waits in the tunnel.
        for (int i = 0; i < 200 && in.arrived.isEmpty(); i++) {
            in.arrived.add(chunk);
            in.listener.onDataAvailable();
            sent += chunk.length;
        }
        assertFalse(in.arrived.isEmpty(), "the client's bytes wait at the server once the backend takes nothing");
        int waiting = in.arrived.stream().mapToInt(c -> c.length).sum();
        ByteBuffer drain = ByteBuffer.allocate(1 << 20);
        long received = 0;
        for (int turns = 0; turns < 10_000 && received < sent; turns++) {
            drain.clear();
            received += Math.max(0, backendPeer.read(drain));
            relay.turn(10);
        }
        assertEquals(sent, received, "every byte arrived, in the end");
        assertTrue(in.arrived.isEmpty(), waiting + " bytes were read from the client once the backend took more");
    }

    @Test
    void theClientClosingClosesTheBackendAfterItsLastBytes() throws IOException {
        in.arrived.add("last words".getBytes(StandardCharsets.ISO_8859_1));
        in.ended = true;
        in.listener.onAllDataRead();
        assertEquals("last words", backendReceives(10));
        assertEquals(-1, backendPeer.read(ByteBuffer.allocate(1)), "the backend's connection is closed");
        assertEquals(List.of("client connection closed"), events);
    }

    @Test
    void theBackendClosingPassesItsLastBytesThenClosesTheClient() throws IOException {
        backendSends("goodbye");
        backendPeer.shutdownOutput();
        relay.turn(1000);
        assertEquals("early:goodbye", out.text());
        assertEquals(List.of("client connection closed"), events);
        assertEquals(-1, backendPeer.read(ByteBuffer.allocate(1)), "and the backend's side too");
    }

    @Test
    void theIdleTimeoutClosesBothSides() throws IOException {
        tunnel.idleTimedOut(Duration.ofSeconds(60));
        assertEquals(List.of("client connection closed"), events);
        assertEquals(-1, backendPeer.read(ByteBuffer.allocate(1)));
        tunnel.close("again");
        assertEquals(List.of("client connection closed"), events, "closed once");
    }
}
