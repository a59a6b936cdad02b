package lb.bench.connectors;

import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

import jakarta.ws.rs.client.Client;

import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.glassfish.jersey.apache5.connector.Apache5ClientProperties;
import org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;
import org.glassfish.jersey.client.JerseyClientBuilder;
import org.glassfish.jersey.client.spi.ConnectorProvider;
import org.glassfish.jersey.helidon.connector.HelidonConnectorProvider;
import org.glassfish.jersey.jetty.connector.JettyConnectorProvider;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;
import org.glassfish.jersey.netty.connector.NettyClientProperties;
import org.glassfish.jersey.netty.connector.NettyConnectorProvider;

import lb.client.ExactConnector;

/** The Jersey connectors measured, and how each is given a per-backend pool size. */
enum Connector {
    HUC(HttpUrlConnectorProvider::new,
            // The JDK's keep-alive cache: idle connections kept per destination, read when it first loads.
            (config, perRoute) -> System.setProperty("http.maxConnections", Integer.toString(perRoute))),
    APACHE5(Apache5ConnectorProvider::new,
            (config, perRoute) -> config.property(Apache5ClientProperties.CONNECTION_MANAGER, PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnPerRoute(perRoute).setMaxConnTotal(Backends.COUNT * perRoute).build())),
    JNH(JavaNetHttpConnectorProvider::new, null),
    NETTY(NettyConnectorProvider::new,
            (config, perRoute) -> config.property(NettyClientProperties.MAX_CONNECTIONS, perRoute)
                    .property(NettyClientProperties.MAX_CONNECTIONS_TOTAL, Backends.COUNT * perRoute)),
    JETTY(JettyConnectorProvider::new, null),
    HELIDON(HelidonConnectorProvider::new, null),
    /** The balancer's own: takes the request from the invocation's lb.client.ExactRequest. */
    LB(ExactConnector.Provider::new, null);

    private final Supplier<ConnectorProvider> provider;
    /** Sets the most connections kept per backend; null where the connector has no such setting. */
    private final ObjIntConsumer<ClientConfig> pool;

    Connector(Supplier<ConnectorProvider> provider, ObjIntConsumer<ClientConfig> pool) {
        this.provider = provider;
        this.pool = pool;
    }

    static Connector named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** One client as lb.proxy.BackendClient builds it; {@code perRoute} 0 keeps the connector's default pool. */
    Client client(int perRoute, ExecutorService async) {
        ClientConfig config = new ClientConfig().connectorProvider(provider.get());
        if (perRoute > 0) {
            if (pool == null) {
                throw new IllegalArgumentException(this + " has no per-backend pool setting");
            }
            pool.accept(config, perRoute);
        }
        JerseyClientBuilder builder = new JerseyClientBuilder().withConfig(config)
                .property(ClientProperties.SUPPRESS_HTTP_COMPLIANCE_VALIDATION, true);
        if (async != null) {
            builder.executorService(async);
        }
        return builder.build();
    }
}
