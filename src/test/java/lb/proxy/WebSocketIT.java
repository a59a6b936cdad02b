package lb.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.PayaraProcess;
import lb.testing.RawClient;
import lb.testing.WebSocketBackend;
import lb.testing.WebSocketClient;

/**
 * WebSocket through the balancer, end to end: the JDK's WebSocket client in front, a real
 * WebSocket echo server behind ({@link WebSocketBackend}), and between them the balancer on a
 * real Payara Micro passing the bytes both ways untouched. Also what it must not do: hold a
 * thread per idle connection, keep a connection whose other side is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebSocketIT extends BalancerIT {
    private static final WebSocketBackend BACKEND;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    static {
        try {
            BACKEND = stopAfterwards(WebSocketBackend.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LiveConfig.reset(Map.of("lb.backends", BACKEND.url()));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    private static String handshake(String path, String... extraLines) {
        return "GET " + path + " HTTP/1.1\nHost: chat.example\nConnection: Upgrade\nUpgrade: websocket\n"
                + "Sec-WebSocket-Version: 13\nSec-WebSocket-Key: " + KEY + "\n" + String.join("", extraLines) + "\n";
    }

    private static List<String> lines(List<String[]> headers) {
        return headers.stream().map(h -> h[0] + ": " + h[1]).toList();
    }

    private static void awaitBackendConnections(int count) throws InterruptedException {
        for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
            if (BACKEND.openConnections() == count) return;
        }
        assertEquals(count, BACKEND.openConnections(), "connections open at the backend");
    }

    @Test
    @Order(1)
    void theHandshakeGoesThroughWithTheBackendsHeadersAndFirstBytes() throws Exception {
        BACKEND.clearHandshakes();
        try (RawClient client = new RawClient(port())) {
            client.write(handshake("/greet?room=1", "Sec-WebSocket-Protocol: chat, superchat\n"));
            RawClient.Response head = client.readHead();
            assertEquals(101, head.status);
            assertEquals(List.of("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "Sec-WebSocket-Protocol: chat",
                    "Upgrade: websocket", "Connection: Upgrade"), lines(head.headers));
            // The backend sent its greeting in the same write as its 101: the balancer read it with the head.
            assertArrayEquals(new byte[] {(byte) 0x81, 7, 'w', 'e', 'l', 'c', 'o', 'm', 'e'}, client.input().readNBytes(9));
        }
        WebSocketBackend.Handshake h = BACKEND.nextHandshake();
        assertEquals("GET /greet?room=1 HTTP/1.1", h.requestLine());
        assertEquals(List.of("Host: 127.0.0.1:" + BACKEND.port(), "sec-websocket-version: 13", "sec-websocket-key: " + KEY,
                "sec-websocket-protocol: chat, superchat", "Connection: Upgrade", "Upgrade: websocket",
                "X-Forwarded-For: 127.0.0.1", "X-Forwarded-Proto: http", "X-Forwarded-Host: chat.example",
                "X-Forwarded-Port: " + port(), "Via: 1.1 lb"), lines(h.headers()));
    }

    @Test
    @Order(2)
    void textBinaryAMebibyteAndPingPassBothWays() throws Exception {
        WebSocketClient ws = WebSocketClient.connect(HTTP, port(), "/echo", "chat");
        assertEquals("chat", ws.socket().getSubprotocol());
        ws.socket().sendText("hello", true).get(10, TimeUnit.SECONDS);
        assertEquals("hello", ws.nextText());
        ws.socket().sendBinary(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 255}), true).get(10, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, ws.nextBinary());
        byte[] big = new byte[1 << 20];
        new Random(7).nextBytes(big);
        ws.socket().sendBinary(ByteBuffer.wrap(big), true).get(20, TimeUnit.SECONDS);
        assertArrayEquals(big, ws.nextBinary());
        String bigText = "0123456789abcdef".repeat(65536);
        ws.socket().sendText(bigText, true).get(20, TimeUnit.SECONDS);
        assertEquals(bigText, ws.nextText());
        byte[] ping = "are you there".getBytes(StandardCharsets.UTF_8);
        ws.socket().sendPing(ByteBuffer.wrap(ping)).get(10, TimeUnit.SECONDS);
        assertArrayEquals(ping, ws.nextPong());
        ws.socket().sendClose(1000, "").get(10, TimeUnit.SECONDS);
        assertEquals("1000 ", BACKEND.nextClose());
        assertEquals("1000 ", ws.nextEnd().toString());
    }

    @Test
    @Order(3)
    void closeCodesPassBothWays() throws Exception {
        WebSocketClient fromBackend = WebSocketClient.connect(HTTP, port(), "/echo");
        fromBackend.socket().sendText("please close 4001 backend says bye", true).get(10, TimeUnit.SECONDS);
        assertEquals("4001 backend says bye", fromBackend.nextEnd().toString());
        assertEquals("4001 ", BACKEND.nextClose(), "the client's reply: the JDK's client echoes the code without the reason");

        WebSocketClient fromClient = WebSocketClient.connect(HTTP, port(), "/echo");
        fromClient.socket().sendClose(4002, "client says bye").get(10, TimeUnit.SECONDS);
        assertEquals("4002 client says bye", BACKEND.nextClose());
        assertEquals("4002 client says bye", fromClient.nextEnd().toString(), "the backend's reply");
        awaitBackendConnections(0);
    }

    @Test
    @Order(4)
    void aBackendsRefusalIsPassedOnAsItsAnswer() throws Exception {
        try (RawClient client = new RawClient(port())) {
            client.write(handshake("/forbidden"));
            RawClient.Response r = client.read(false);
            assertEquals(403, r.status);
            assertEquals("no entry for /forbidden", r.text());
            assertEquals("close", r.header("Connection"));
            assertNull(r.header("Upgrade"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    @Order(5)
    void withUpgradesOffTheRequestGoesOnAsAPlainGet() throws Exception {
        LiveConfig.set("lb.upgrade", "false");
        LiveConfig.awaitStatus(port(), "\"upgrade\":false");
        try {
            BACKEND.clearHandshakes();
            try (RawClient client = new RawClient(port())) {
                client.write(handshake("/echo"));
                RawClient.Response r = client.read(false);
                assertEquals(426, r.status);
                assertEquals("upgrade required", r.text());
                assertEquals("close", r.header("Connection"));
                assertTrue(client.closedByServer());
            }
            WebSocketBackend.Handshake h = BACKEND.nextHandshake();
            assertNull(h.header("Upgrade"));
            assertNull(h.header("Connection"));
            assertEquals(KEY, h.header("Sec-WebSocket-Key"), "end-to-end headers still go");
        } finally {
            LiveConfig.set("lb.upgrade", "true");
            LiveConfig.awaitStatus(port(), "\"upgrade\":true");
        }
    }

    @Test
    @Order(6)
    void aSilentConnectionIsClosedOnBothSidesAfterTheIdleTimeout() throws Exception {
        LiveConfig.set("lb.websocket.idle", "2s");
        LiveConfig.awaitStatus(port(), "\"websocketIdle\":\"2s\"");
        try {
            WebSocketClient ws = WebSocketClient.connect(HTTP, port(), "/echo");
            long opened = System.nanoTime();
            ws.socket().sendText("still here", true).get(10, TimeUnit.SECONDS);
            assertEquals("still here", ws.nextText());
            assertNotNull(ws.nextEnd());
            long after = (System.nanoTime() - opened) / 1_000_000;
            assertTrue(after >= 2_000 && after < 5_000, "closed after " + after + " ms");
            awaitBackendConnections(0);
        } finally {
            LiveConfig.set("lb.websocket.idle", "1h");
            LiveConfig.awaitStatus(port(), "\"websocketIdle\":\"1h\"");
        }
    }

    /**
     * A thousand idle WebSockets take no thread each (Payara's worker pool has 200: a thread per
     * connection would have stalled the 201st) and stay open past the server's own 30 s timeouts.
     */
    @Test
    @Order(7)
    void aThousandIdleConnectionsHoldNoThreads() throws Exception {
        WebSocketClient warm = WebSocketClient.connect(HTTP, port(), "/echo");
        warm.socket().sendClose(1000, "").get(10, TimeUnit.SECONDS);
        warm.nextEnd();
        awaitBackendConnections(0);
        int threadsBefore = PayaraProcess.threads();
        long heapBefore = PayaraProcess.heapAfterGcKib();

        List<WebSocketClient> sockets = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sockets.add(WebSocketClient.connect(HTTP, port(), "/echo"));
        }
        int threadsOpen = PayaraProcess.threads();
        long heapOpen = PayaraProcess.heapAfterGcKib();
        System.out.printf("1000 idle WebSockets: server threads %d -> %d, heap after GC %d KiB -> %d KiB (%d bytes each)%n",
                threadsBefore, threadsOpen, heapBefore, heapOpen, (heapOpen - heapBefore) * 1024 / 1000);
        assertTrue(threadsOpen - threadsBefore < 20, "threads " + threadsBefore + " -> " + threadsOpen);
        assertEquals(1000, BACKEND.openConnections());

        Thread.sleep(35_000); // past the preboot file's 30 s timeouts
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < sockets.size(); i++) {
            sent.add(sockets.get(i).socket().sendText("message " + i, true));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < sockets.size(); i++) {
            assertEquals("message " + i, sockets.get(i).nextText());
        }
        System.out.printf("after the idle period and one echo each: server threads %d (the worker pool grows under the burst)%n",
                PayaraProcess.threads());
        for (WebSocketClient ws : sockets) ws.socket().sendClose(1000, "");
        for (WebSocketClient ws : sockets) assertEquals("1000 ", ws.nextEnd().toString());
        awaitBackendConnections(0);
    }

    /** Last: the backend dies, and every client connection through it is closed. */
    @Test
    @Order(8)
    void aBackendThatDiesClosesTheClientsConnections() throws Exception {
        List<WebSocketClient> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            WebSocketClient ws = WebSocketClient.connect(HTTP, port(), "/echo");
            ws.socket().sendText("alive", true).get(10, TimeUnit.SECONDS);
            assertEquals("alive", ws.nextText());
            sockets.add(ws);
        }
        long killed = System.nanoTime();
        BACKEND.close();
        for (WebSocketClient ws : sockets) {
            WebSocketClient.Ended end = ws.nextEnd();
            System.out.println("after the backend died: " + end);
        }
        long took = (System.nanoTime() - killed) / 1_000_000;
        assertTrue(took < 5_000, "clients closed " + took + " ms after the backend died");
    }
}
