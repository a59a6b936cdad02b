package lb.proxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import lb.balancing.Backend;
import lb.balancing.LoadBalancer;
import lb.config.Settings;

/**
 * Forwards one request: pick a backend, send, relay the answer; on a refused connection try
 * the next backend when the method is idempotent; map every other failure to 502 or 504.
 */
@ApplicationScoped
public class Forwarder {
    private static final Logger LOG = Logger.getLogger(Forwarder.class.getName());

    /** RFC 9110 9.2.2: a second attempt of these does no harm. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    @Inject
    LoadBalancer loadBalancer;

    @Inject
    BackendClient client;

    public void forward(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Settings settings = loadBalancer.settings();
        if (settings.backends().isEmpty()) {
            ErrorResponse.send(response, 503, "no backend available (" + settings.noBackendReason() + ")");
            return;
        }
        String target = RequestTarget.of(request);
        long bodyLength = RequestBody.length(request);
        List<Backend> tried = List.of();
        Backend backend = loadBalancer.pick(settings, tried);
        while (true) {
            OutboundRequest outbound = new OutboundRequest(request.getMethod(), backend,
                    backend.basePath() + target, RequestHeaders.forBackend(request, backend, settings.preserveHost(), settings.trustedProxies()),
                    bodyLength);
            Response answer;
            try {
                answer = client.send(outbound, request, settings);
            } catch (ProcessingException e) {
                ClientBrokeOff clientFailed = ClientBrokeOff.in(e);
                if (clientFailed != null) {
                    throw clientFailed;
                }
                Failure failure = Failure.of(e);
                Backend next = null;
                if (failure == Failure.REFUSED && IDEMPOTENT.contains(request.getMethod())) {
                    if (tried.isEmpty()) tried = new ArrayList<>();
                    tried.add(backend);
                    next = loadBalancer.pick(settings, tried);
                }
                String description = failure.describe(backend);
                LOG.warning(description + ": " + rootCause(e) + (next != null ? "; trying " + next.url() : ""));
                LOG.log(Level.FINE, description, e);
                if (next == null) {
                    ErrorResponse.send(response, failure.status(), description);
                    return;
                }
                backend = next;
                continue;
            }
            try {
                ResponseRelay.relay(answer, outbound, response, settings.limits().responseHeaders());
            } catch (ResponseRelay.BackendBrokeOff e) {
                LOG.warning("backend " + backend.url() + " broke off its response: " + e.getMessage()
                        + "; closing the client connection");
                response.flushBuffer();
                Grizzly.abortConnection(request);
            } finally {
                answer.close();
            }
            return;
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.toString();
    }
}
