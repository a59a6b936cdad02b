package lb.bench.connectors;

import java.util.Locale;

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
    HUC {
        @Override
        ConnectorProvider provider() {
            return new HttpUrlConnectorProvider();
        }

        @Override
        void pool(ClientConfig config, int perRoute) {
            // The JDK's keep-alive cache: idle connections kept per destination, read when it first loads.
            System.setProperty("http.maxConnections", Integer.toString(perRoute));
        }
    },
    APACHE5 {
        @Override
        ConnectorProvider provider() {
            return new Apache5ConnectorProvider();
        }

        @Override
        void pool(ClientConfig config, int perRoute) {
            config.property(Apache5ClientProperties.CONNECTION_MANAGER, PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnPerRoute(perRoute).setMaxConnTotal(Backends.COUNT * perRoute).build());
        }
    },
    JNH {
        @Override
        ConnectorProvider provider() {
            return new JavaNetHttpConnectorProvider();
        }
    },
    NETTY {
        @Override
        ConnectorProvider provider() {
            return new NettyConnectorProvider();
        }

        @Override
        void pool(ClientConfig config, int perRoute) {
            config.property(NettyClientProperties.MAX_CONNECTIONS, perRoute);
            config.property(NettyClientProperties.MAX_CONNECTIONS_TOTAL, Backends.COUNT * perRoute);
        }
    },
    JETTY {
        @Override
        ConnectorProvider provider() {
            return new JettyConnectorProvider();
        }
    },
    HELIDON {
        @Override
        ConnectorProvider provider() {
            return new HelidonConnectorProvider();
        }
    },
    /** The balancer's own: takes the request from the invocation's lb.client.ExactRequest. */
    LB {
        @Override
        ConnectorProvider provider() {
            return new ExactConnector.Provider();
        }
    };

    abstract ConnectorProvider provider();

    /** Sets the most connections kept per backend; only connectors with such a setting override it. */
    void pool(ClientConfig config, int perRoute) {
        throw new IllegalArgumentException(this + " has no per-backend pool setting");
    }

    static Connector named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** One client as lb.proxy.BackendClient builds it; {@code perRoute} 0 keeps the connector's default pool. */
    Client client(int perRoute, java.util.concurrent.ExecutorService async) {
        ClientConfig config = new ClientConfig().connectorProvider(provider());
        if (perRoute > 0) {
            pool(config, perRoute);
        }
        JerseyClientBuilder builder = new JerseyClientBuilder().withConfig(config)
                .property(ClientProperties.SUPPRESS_HTTP_COMPLIANCE_VALIDATION, true);
        if (async != null) {
            builder.executorService(async);
        }
        return builder.build();
    }
}
