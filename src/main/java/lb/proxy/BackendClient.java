package lb.proxy;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.JerseyClientBuilder;

import lb.balancing.Backend;
import lb.client.ExactConnector;
import lb.client.ExactRequest;
import lb.client.UndecoratedClient;
import lb.client.UpgradedConnection;
import lb.config.Settings;

/**
 * The JAX-RS client every request goes out through, one per application, so connections to
 * the backends are pooled and kept alive. Jersey, named rather than looked up: its connector SPI
 * is what lets a request go out exactly as the client sent it. The WAR bundles it for servers
 * whose JAX-RS is another (WildFly, Open Liberty); Payara uses its own copy.
 */
@ApplicationScoped
public class BackendClient {
    private Client client;
    private final ConcurrentMap<String, WebTarget> origins = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        client = UndecoratedClient.build(new JerseyClientBuilder()
                .withConfig(new ClientConfig().connectorProvider(new ExactConnector.Provider()))
                // GET and DELETE with a body are forwarded as they came.
                .property(ClientProperties.SUPPRESS_HTTP_COMPLIANCE_VALIDATION, true));
    }

    @PreDestroy
    void stop() {
        client.close();
    }

    /**
     * Sends the request line, headers and body; the answer's body is still unread.
     *
     * @param upgrade where a 101 answer's connection is left, for a request that asks to switch
     *                protocols; null for any other
     */
    Response send(Backend backend, ExactRequest exact, HttpServletRequest from, Settings settings,
            UpgradedConnection.Receiver upgrade) throws IOException {
        // Content-Length: 0 sends no entity, so a retry can send the request again.
        Entity<?> entity = exact.bodyFollows()
                ? Entity.entity(new ClientBody(from.getInputStream(), exact.bodyLength()), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                : null;
        return origins.computeIfAbsent(backend.origin(), client::target).request()
                .property(ExactRequest.PROPERTY, exact)
                .property(UpgradedConnection.PROPERTY, upgrade)
                // Jersey formats a User-Agent of its own for every request unless one is set (about 1% of the
                // CPU); the connector sends the client's header lines, never Jersey's, so any value does.
                .header(HttpHeaders.USER_AGENT, "lb")
                .property(ClientProperties.CONNECT_TIMEOUT, (int) settings.connectTimeout().toMillis())
                .property(ClientProperties.READ_TIMEOUT, (int) settings.readTimeout().toMillis())
                .property(ExactConnector.TLS, settings.tls())
                .method(exact.method(), entity);
    }
}
