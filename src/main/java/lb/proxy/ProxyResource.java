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
import lb.lifecycle.Gate;
import lb.lifecycle.Lifecycle;
import lb.observe.Observers;
import lb.observe.Outcome;
import lb.observe.SelfAnswer;
import lb.rate.BucketKey;
import lb.rate.RateLimiter;
import lb.rate.RateSettings;

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

    @Inject
    RateLimiter rateLimiter;

    @Inject
    Observers observers;

    @Inject
    Lifecycle lifecycle;

    @AnyMethod
    public void handle() throws IOException {
        ExchangeFilter.Exchange exchange = ExchangeFilter.current();
        HttpServletRequest request = exchange.request();
        HttpServletResponse response = exchange.response();
        if (ServerInternals.connectionClosed(request)) {
            return; // pipelined behind a refused request: never forwarded, and there is no one to answer
        }
        Settings settings = loadBalancer.settings();
        String client = ClientAddress.of(request.getRemoteAddr(), () -> request.getHeaders("X-Forwarded-For").asIterator(),
                settings.trustedProxies());
        Outcome outcome = new Outcome(request, client);
        Gate gate = lifecycle.gate();
        boolean admitted = gate.enter();
        try {
            if (!admitted) {
                outcome.answeredItself(SelfAnswer.STOPPING, Lifecycle.STOPPING);
                outcome.sent(ErrorResponse.refuse(request, response, 503, Lifecycle.STOPPING));
                return;
            }
            if (gate.phase() == Gate.Phase.DRAINING) {
                // Clients and a load balancer in front open a new connection for their next
                // request, which then goes to another instance.
                response.setHeader("Connection", "close");
            }
            serve(request, response, settings, outcome);
        } finally {
            outcome.end(response.getStatus());
            observers.requestDone(outcome);
            if (admitted) gate.leave();
        }
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, Settings settings, Outcome outcome)
            throws IOException {
        Refusal refusal = RequestGuard.check(new ServletRequestHead(request, ServerInternals::rawHead), settings.limits());
        if (refusal != null) {
            outcome.answeredItself(SelfAnswer.GUARD, refusal.reason());
            outcome.sent(ErrorResponse.refuse(request, response, refusal.status(), refusal.reason()));
            return;
        }
        if (request.getRequestURI().startsWith(settings.adminPrefix())) {
            outcome.markAdmin();
            admin.handle(request, response);
        } else if (!settings.rate().enabled() || withinRate(request, response, settings, outcome)) {
            try {
                forwardWithinClientLimit(request, response, settings, outcome);
            } catch (ClientBrokeOff e) {
                e.answer(request, response, outcome);
                return;
            }
        }
        // Commits the response, so JAX-RS's own writing for a void method (204) is ignored.
        // A connection already cut (the backend broke off its answer) has nothing left to flush.
        if (!ServerInternals.connectionClosed(request)) {
            response.flushBuffer();
        }
    }

    /**
     * Whether the client is within its request rate; if not, it is answered 429. The connection
     * stays open, as nginx's limit_req leaves it: a refused client that keeps sending costs the
     * least that way.
     */
    private boolean withinRate(HttpServletRequest request, HttpServletResponse response, Settings settings, Outcome outcome)
            throws IOException {
        RateSettings rate = settings.rate();
        BucketKey key = BucketKey.of(rate, outcome.client(), request::getHeader);
        long retryAfter = rateLimiter.retryAfter(rate, key, settings.rateMaxClients());
        if (retryAfter == 0) {
            return true;
        }
        // The header's value is never repeated: it may well be a secret.
        String why = (key.byHeader() ? "this " + rate.key().header() : "client " + outcome.client())
                + " is over the rate limit of " + rate.limit() + " (burst " + rate.burst() + ")";
        outcome.answeredItself(SelfAnswer.RATE_LIMIT, why);
        response.setHeader("Retry-After", Long.toString(retryAfter));
        outcome.sent(ErrorResponse.send(response, 429, why));
        return false;
    }

    private void forwardWithinClientLimit(HttpServletRequest request, HttpServletResponse response, Settings settings,
            Outcome outcome) throws IOException {
        String client = outcome.client();
        int max = settings.limits().clientMaxConnections();
        try (ClientLimit.Slot slot = clientLimit.enter(client, max)) {
            if (slot == null) {
                // 503, as nginx's limit_conn answers by default.
                String why = "client " + client + " already has " + max + " requests in progress";
                outcome.answeredItself(SelfAnswer.CLIENT_LIMIT, why);
                outcome.sent(ErrorResponse.refuse(request, response, 503, why));
            } else {
                forwarder.forward(request, response, outcome);
            }
        }
    }
}
