package lb.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.RawClient;
import lb.testing.WebSocketBackend;
import lb.testing.WebSocketClient;

/**
 * WebSocket through the balancer: the JDK's WebSocket client, a real WebSocket echo server
 * behind, and the bytes in between passed both ways untouched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebSocketIT extends BalancerIT {
    private static final WebSocketBackend BACKEND;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static {
        try {
            BACKEND = stopAfterwards(WebSocketBackend.start());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        LiveConfig.reset(Map.of("lb.backends", BACKEND.url()));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    @Test
    @Order(1)
    void theHandshakeAsTheClientSeesIt() throws Exception {
        try (RawClient client = new RawClient(port())) {
            client.write("GET /greet HTTP/1.1\nHost: chat.example\nConnection: Upgrade\nUpgrade: websocket\n"
                    + "Sec-WebSocket-Version: 13\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Protocol: chat, superchat\n\n");
            RawClient.Response head = client.readHead();
            System.out.println("HEAD " + head.statusLine + " " + head.headers.stream().map(h -> h[0] + ": " + h[1]).toList());
            byte[] first = client.input().readNBytes(9);
            System.out.println("FIRST " + java.util.Arrays.toString(first));
        }
        WebSocketBackend.Handshake h = BACKEND.nextHandshake();
        System.out.println("BACKEND " + h.requestLine() + " " + h.headers().stream().map(x -> x[0] + ": " + x[1]).toList());
    }

    @Test
    @Order(2)
    void textBinaryPingAndCloseCodes() throws Exception {
        WebSocketClient ws = WebSocketClient.connect(HTTP, port(), "/echo", "chat");
        assertEquals("chat", ws.socket().getSubprotocol());
        ws.socket().sendText("hello", true).get(10, TimeUnit.SECONDS);
        assertEquals("hello", ws.nextText());
        ws.socket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(10, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {1, 2, 3}, ws.nextBinary());
        ws.socket().sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        assertArrayEquals("are you there".getBytes(StandardCharsets.UTF_8), ws.nextPong());
        byte[] big = new byte[1 << 20];
        new Random(7).nextBytes(big);
        ws.socket().sendBinary(ByteBuffer.wrap(big), true).get(20, TimeUnit.SECONDS);
        assertArrayEquals(big, ws.nextBinary());
        ws.socket().sendText("please close 4001 backend says bye", true).get(10, TimeUnit.SECONDS);
        assertEquals("4001 backend says bye", ws.nextEnd().toString());
    }

    @Test
    @Order(3)
    void refusal() throws Exception {
        try (RawClient client = new RawClient(port())) {
            client.write("GET /forbidden HTTP/1.1\nHost: chat.example\nConnection: Upgrade\nUpgrade: websocket\n"
                    + "Sec-WebSocket-Version: 13\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n\n");
            RawClient.Response r = client.read(false);
            System.out.println("REFUSED " + r.statusLine + " " + r.headers.stream().map(h -> h[0] + ": " + h[1]).toList() + " " + r.text());
            client.setTimeout(3000);
            client.write("GET /again HTTP/1.1\nHost: chat.example\n\n");
            try {
                RawClient.Response again = client.read(false);
                System.out.println("AGAIN " + again.statusLine + " " + again.text());
            } catch (Exception e) {
                System.out.println("AGAIN failed " + e);
            }
        }
    }
}
