package lb.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import lb.config.Settings;

/**
 * The JAX-RS client every request goes out through, one per application, so connections to
 * the backends are pooled and kept alive.
 */
@ApplicationScoped
public class BackendClient {
    private Client client;
    private final ConcurrentMap<String, WebTarget> origins = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        ClientBuilder builder = ClientBuilder.newBuilder();
        if (!builder.getClass().getName().startsWith("org.glassfish.jersey")) {
            throw new IllegalStateException("lb needs Jersey as the JAX-RS client; found " + builder.getClass().getName());
        }
        JerseyApache5.configure(builder);
        client = builder.build();
    }

    @PreDestroy
    void stop() {
        client.close();
    }

    /** Sends the request line and headers; the answer's body is still unread. */
    Response send(OutboundRequest outbound, HttpServletRequest from, Settings settings) throws IOException {
        Invocation.Builder invocation = origins.computeIfAbsent(outbound.backend().origin(), client::target).request();
        JerseyApache5.prepare(invocation, outbound, settings);
        Entity<?> entity = null;
        if (outbound.hasBody()) {
            // An empty body never touches the client's stream, so a retry can send it again.
            InputStream body = outbound.bodyLength() == 0 ? InputStream.nullInputStream()
                    : new ClientBody(from.getInputStream(), outbound);
            entity = Entity.entity(JerseyApache5.body(body, outbound.bodyLength()), MediaType.APPLICATION_OCTET_STREAM_TYPE);
        }
        return invocation.method(outbound.method(), entity);
    }
}
