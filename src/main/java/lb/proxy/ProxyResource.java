package lb.proxy;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Path;

import lb.admin.AdminEndpoints;
import lb.balancing.LoadBalancer;

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

    @AnyMethod
    public void handle() throws IOException {
        ExchangeFilter.Exchange exchange = ExchangeFilter.current();
        HttpServletRequest request = exchange.request();
        HttpServletResponse response = exchange.response();
        if (request.getRequestURI().startsWith(loadBalancer.settings().adminPrefix())) {
            admin.handle(request, response);
        } else {
            forwarder.forward(request, response);
        }
        // Commits the response, so JAX-RS's own writing for a void method (204) is ignored.
        response.flushBuffer();
    }
}
