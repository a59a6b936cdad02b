package lb.proxy;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Path;

import lb.admin.AdminEndpoints;
import lb.balancing.LoadBalancer;
import lb.config.Settings;
import lb.guard.ClientAddress;
import lb.guard.ClientLimit;
import lb.guard.Refusal;
import lb.guard.RequestGuard;
import lb.guard.ServletRequestHead;

/**
 * Receives every request. The exchange is done on the servlet request and response directly
 * (handed over by {@link ExchangeFilter}): they give the raw request target and let the backend's status, headers and body through
 * without JAX-RS content negotiation adding or changing anything.
 */
@Path("{any: .*}")
@ApplicationScoped
public class ProxyResource {
    @Inject
    LoadBalancer loadBalancer;

    @Inject
    Forwarder forwarder;

    @Inject
    AdminEndpoints admin;

    @Inject
    ClientLimit clientLimit;

    @AnyMethod
    public void handle() throws IOException {
        ExchangeFilter.Exchange exchange = ExchangeFilter.current();
        HttpServletRequest request = exchange.request();
        HttpServletResponse response = exchange.response();
        if (ServerInternals.connectionClosed(request)) {
            return; // pipelined behind a refused request: never forwarded, and there is no one to answer
        }
        Settings settings = loadBalancer.settings();
        Refusal refusal = RequestGuard.check(new ServletRequestHead(request, ServerInternals::rawHead), settings.limits());
        if (refusal != null) {
            ErrorResponse.refuse(request, response, refusal.status(), refusal.reason());
            return;
        }
        if (request.getRequestURI().startsWith(settings.adminPrefix())) {
            admin.handle(request, response);
        } else {
            try {
                forwardWithinClientLimit(request, response, settings);
            } catch (ClientBrokeOff e) {
                e.answer(request, response);
                return;
            }
        }
        // Commits the response, so JAX-RS's own writing for a void method (204) is ignored.
        // A connection already cut (the backend broke off its answer) has nothing left to flush.
        if (!ServerInternals.connectionClosed(request)) {
            response.flushBuffer();
        }
    }

    private void forwardWithinClientLimit(HttpServletRequest request, HttpServletResponse response, Settings settings)
            throws IOException {
        String client = ClientAddress.of(request.getRemoteAddr(), () -> request.getHeaders("X-Forwarded-For").asIterator(),
                settings.trustedProxies());
        int max = settings.limits().clientMaxConnections();
        try (ClientLimit.Slot slot = clientLimit.enter(client, max)) {
            if (slot == null) {
                // 503, as nginx's limit_conn answers by default.
                ErrorResponse.refuse(request, response, 503, "client " + client + " already has " + max + " requests in progress");
            } else {
                forwarder.forward(request, response);
            }
        }
    }
}
