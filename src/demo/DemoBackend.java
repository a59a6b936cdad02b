import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A tiny backend for the demo: answers every request with its own name, the method and the
 * path it saw. Run with {@code java DemoBackend.java NAME PORT}; it listens on 127.0.0.1 only.
 */
public class DemoBackend {
    public static void main(String[] args) throws Exception {
        // Without it the JDK's server writes the head and the body as two segments and Nagle holds
        // the body until the balancer's delayed ACK: 40 ms more per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        String name = args[0];
        int port = Integer.parseInt(args[1]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        server.createContext("/", exchange -> {
            byte[] body = (name + ": " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().add("X-Backend", name);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println(name + " listening on http://127.0.0.1:" + port);
    }
}
