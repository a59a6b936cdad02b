package lb.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.Future;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.Configuration;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.ClientRequest;
import org.glassfish.jersey.client.ClientResponse;
import org.glassfish.jersey.client.spi.AsyncConnectorCallback;
import org.glassfish.jersey.client.spi.Connector;
import org.glassfish.jersey.client.spi.ConnectorProvider;
import org.glassfish.jersey.message.internal.Statuses;

/**
 * The JAX-RS client's connector to the backends: HTTP/1.1 on pooled keep-alive connections,
 * sending the invocation's {@link ExactRequest} as it is and streaming both bodies. Blocking,
 * on the calling thread, as the balancer forwards.
 */
public final class ExactConnector implements Connector {
    /** Request property: the {@link TlsSettings} for an https backend; {@link TlsSettings#DEFAULT} when absent. */
    public static final String TLS = "lb.client.tls";

    private final ConnectionPool pool = new ConnectionPool();

    private ExactConnector() {
    }

    /** Register with {@code new ClientConfig().connectorProvider(new ExactConnector.Provider())}. */
    public static final class Provider implements ConnectorProvider {
        @Override
        public Connector getConnector(Client client, Configuration runtimeConfig) {
            return new ExactConnector();
        }
    }

    @Override
    public ClientResponse apply(ClientRequest request) {
        if (!(request.getProperty(ExactRequest.PROPERTY) instanceof ExactRequest exact)) {
            throw new ProcessingException("the request has no " + ExactRequest.PROPERTY + " property");
        }
        int connectTimeout = request.resolveProperty(ClientProperties.CONNECT_TIMEOUT, 0);
        int readTimeout = request.resolveProperty(ClientProperties.READ_TIMEOUT, 0);
        TlsSettings settings = request.getProperty(TLS) instanceof TlsSettings given ? given : TlsSettings.DEFAULT;
        try {
            BackendTls tls = pool.tls(request.getUri(), settings);
            BackendConnection connection = pool.lease(request.getUri(), connectTimeout, tls);
            while (true) {
                try {
                    return exchange(request, exact, connection, readTimeout);
                } catch (IOException | HttpException e) {
                    connection.close();
                    if (!resendable(e, connection, exact)) {
                        throw e;
                    }
                    connection = pool.open(request.getUri(), connectTimeout, tls);
                }
            }
        } catch (IOException | HttpException e) {
            throw new ProcessingException(e.getMessage(), e);
        }
    }

    /**
     * A kept-alive connection that fails before the answer's head most likely was closed by the
     * backend while idle: a request without a body that is safe to repeat goes once more, on a
     * new connection. A timeout is no such case: waiting again would double the wait.
     */
    private static boolean resendable(Exception e, BackendConnection failed, ExactRequest exact) {
        return failed.reused() && e instanceof IOException && !(e instanceof SocketTimeoutException)
                && exact.repeatable();
    }

    private static ClientResponse exchange(ClientRequest request, ExactRequest exact, BackendConnection connection,
                                           int readTimeout) throws IOException, HttpException {
        connection.send(exact, exact.bodyFollows() ? out -> writeEntity(request, out) : null, readTimeout);
        UpgradedConnection.Receiver upgrade = request.getProperty(UpgradedConnection.PROPERTY) instanceof UpgradedConnection.Receiver r
                ? r : null;
        ClassicHttpResponse head = connection.receiveHead(upgrade != null);
        ClientResponse response = new ClientResponse(Statuses.from(head.getCode()), request);
        // All of them as they came, Content-Length beside Transfer-Encoding too: lb.guard.ResponseGuard judges the head.
        for (org.apache.hc.core5.http.Header h : head.getHeaders()) {
            response.getHeaders().add(h.getName(), h.getValue());
        }
        if (head.getCode() == 101) {
            upgrade.receive(connection.upgrade(head));
            response.setEntityStream(InputStream.nullInputStream());
        } else {
            response.setEntityStream(connection.body(exact.method(), head));
        }
        return response;
    }

    /** Jersey serializes the invocation's entity (the client's body, streamed) into the framed stream. */
    private static void writeEntity(ClientRequest request, java.io.OutputStream out) throws IOException {
        request.setStreamProvider(contentLength -> out);
        request.writeEntity();
    }

    @Override
    public Future<?> apply(ClientRequest request, AsyncConnectorCallback callback) {
        throw new UnsupportedOperationException("the balancer forwards synchronously");
    }

    @Override
    public String getName() {
        return "lb";
    }

    @Override
    public void close() {
        pool.close();
    }
}
