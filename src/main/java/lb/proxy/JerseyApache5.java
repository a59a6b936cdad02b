package lb.proxy;

import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Invocation;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.methods.HttpUriRequest;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.glassfish.jersey.apache5.connector.Apache5ClientProperties;
import org.glassfish.jersey.apache5.connector.Apache5ConnectionClosingStrategy;
import org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider;
import org.glassfish.jersey.apache5.connector.Apache5HttpClientBuilderConfigurator;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.ClientRequest;

/**
 * Jersey's client on Apache HttpClient 5: pooled keep-alive connections, any method, bodies
 * streamed both ways. Jersey would join repeated headers with commas and re-encode the target,
 * so an interceptor writes the request line's target and the header lines exactly as the
 * {@link OutboundRequest} says.
 */
final class JerseyApache5 {
    private static final String OUTBOUND = OutboundRequest.class.getName();
    /** Where the Apache5 connector puts Jersey's request in the HttpClient context. */
    private static final String JERSEY_REQUEST = "JerseyRequestAttribute";

    private JerseyApache5() {
    }

    static void configure(ClientBuilder builder) {
        builder.property(ClientProperties.CONNECTOR_PROVIDER, Apache5ConnectorProvider.class.getName());
        builder.property(Apache5ClientProperties.CONNECTION_MANAGER, PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(1024)
                .setMaxConnTotal(4096)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        // A pooled connection idle this long is checked before use: the backend may have closed it.
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                // Bounds the parser itself, so a backend's endless head cannot fill the heap
                // before lb.limit.response-headers is checked on the whole of it.
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom().setMaxLineLength(64 * 1024).setMaxHeaderCount(1024).build())
                        .build())
                .build());
        builder.property(Apache5ClientProperties.REQUEST_CONFIG, RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.ofSeconds(30))
                .build());
        builder.property(Apache5ClientProperties.DISABLE_COOKIES, true);
        builder.property(Apache5ClientProperties.CONNECTION_CLOSING_STRATEGY, new AbortIncomplete());
        // Redirects go to the client. (Not disableRedirectHandling(): the connector reads the redirect list.)
        builder.property(ClientProperties.FOLLOW_REDIRECTS, false);
        // GET with a body, DELETE with a body: forwarded as they came.
        builder.property(ClientProperties.SUPPRESS_HTTP_COMPLIANCE_VALIDATION, true);
        builder.register(new Customizer());
    }

    static void prepare(Invocation.Builder invocation, OutboundRequest outbound, lb.config.Settings settings) {
        invocation.property(OUTBOUND, outbound);
        invocation.property(ClientProperties.CONNECT_TIMEOUT, (int) settings.connectTimeout().toMillis());
        invocation.property(ClientProperties.READ_TIMEOUT, (int) settings.readTimeout().toMillis());
    }

    /** A body the connector streams, with Content-Length when the client gave one, else chunked. */
    static Object body(InputStream in, long length) {
        return new InputStreamEntity(in, length, null);
    }

    private static OutboundRequest outbound(HttpContext context) {
        return context.getAttribute(JERSEY_REQUEST) instanceof ClientRequest request
                && request.getProperty(OUTBOUND) instanceof OutboundRequest outbound ? outbound : null;
    }

    static final class Customizer implements Apache5HttpClientBuilderConfigurator {
        @Override
        public HttpClientBuilder configure(HttpClientBuilder builder) {
            return builder
                    .addExecInterceptorFirst("lb-drop", new DropHook())
                    .addRequestInterceptorFirst(new ExactRequest())
                    .setRetryStrategy(new StaleConnectionRetry())
                    .disableCookieManagement()
                    .disableContentCompression()
                    .disableAuthCaching()
                    .disableConnectionState()
                    .disableDefaultUserAgent()
                    .evictIdleConnections(TimeValue.ofSeconds(30));
        }
    }

    /** Lets the {@link OutboundRequest} cut the connection of the attempt in progress. */
    static final class DropHook implements ExecChainHandler {
        @Override
        public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
                throws IOException, HttpException {
            OutboundRequest outbound = outbound(scope.clientContext);
            if (outbound != null) {
                outbound.onDrop(scope.execRuntime::discardEndpoint);
            }
            return chain.proceed(request, scope);
        }
    }

    /** Replaces what Jersey wrote with the exact target and header lines. */
    static final class ExactRequest implements HttpRequestInterceptor {
        @Override
        public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
            OutboundRequest outbound = outbound(context);
            if (outbound != null) {
                request.setPath(outbound.target());
                request.setHeaders();
                for (Header header : outbound.headers()) {
                    request.addHeader(header.name(), header.value());
                }
            }
        }
    }

    /**
     * Resends an idempotent request once when a connection fails before any response byte came,
     * and again each time the failed connection was a pooled one that had served before: the
     * backend closed it while it sat idle (keep-alive timeout, restart), and each dead one is
     * discarded, so the attempts end at a fresh connection. Never retries a response: a
     * backend's 503 goes to the client as it is.
     */
    static final class StaleConnectionRetry extends DefaultHttpRequestRetryStrategy {
        StaleConnectionRetry() {
            super(1, TimeValue.ZERO_MILLISECONDS);
        }

        @Override
        public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
            boolean reused = context.getAttribute(HttpCoreContext.CONNECTION_ENDPOINT) instanceof EndpointDetails endpoint
                    && endpoint.getResponseCount() > 0;
            return super.retryRequest(request, exception, reused ? 1 : execCount, context);
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
        }
    }

    /**
     * A connection whose response body was not read to the end cannot be reused: abort it
     * instead of reading the rest (which may be a gigabyte, or never end).
     */
    static final class AbortIncomplete implements Apache5ConnectionClosingStrategy {
        @Override
        public void close(ClientRequest clientRequest, HttpUriRequest request, CloseableHttpResponse response,
                          InputStream stream) throws IOException {
            boolean complete = clientRequest.getProperty(OUTBOUND) instanceof OutboundRequest outbound && outbound.responseComplete();
            if (!complete) {
                request.abort();
            }
            try {
                stream.close();
            } catch (IOException ignored) {
                // the connection is being dropped anyway
            }
            try {
                response.close();
            } catch (IOException e) {
                // After an abort the socket is gone already ("Socket closed"): nothing left to report.
                if (complete) throw e;
            }
        }
    }
}
