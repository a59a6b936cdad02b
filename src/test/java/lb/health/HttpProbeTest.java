package lb.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe against a real HTTP server on 127.0.0.1. */
class HttpProbeTest {
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", x -> { x.sendResponseHeaders(200, 2); x.getResponseBody().write("ok".getBytes()); x.close(); });
        server.createContext("/down", x -> { x.sendResponseHeaders(503, -1); x.close(); });
        server.createContext("/moved", x -> { x.getResponseHeaders().add("Location", "/ok"); x.sendResponseHeaders(302, -1); x.close(); });
        server.createContext("/hang", x -> {
            try {
                Thread.sleep(6_000); // a backend that does not answer in time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static HealthSettings expecting(String statuses) throws Exception {
        return new HealthSettings("/", Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 3, StatusSet.parse(statuses));
    }

    @Test
    void theStatusDecidesAndRedirectsAreNotFollowed() throws Exception {
        assertEquals(new HttpProbe.Result(true, "HTTP 200"), HttpProbe.check(base + "/ok", expecting("2xx"), null));
        assertEquals(new HttpProbe.Result(false, "HTTP 503"), HttpProbe.check(base + "/down", expecting("2xx"), null));
        assertEquals(new HttpProbe.Result(false, "HTTP 302"), HttpProbe.check(base + "/moved", expecting("2xx"), null));
        assertEquals(new HttpProbe.Result(true, "HTTP 302"), HttpProbe.check(base + "/moved", expecting("200-399"), null));
    }

    @Test
    void aSilentBackendTimesOutAndAClosedPortIsRefused() throws Exception {
        assertEquals(new HttpProbe.Result(false, "timed out after 2000ms"), HttpProbe.check(base + "/hang", expecting("2xx"), null));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertEquals(new HttpProbe.Result(false, "connection refused"),
                HttpProbe.check("http://127.0.0.1:" + closed + "/ok", expecting("2xx"), null));
    }
}
