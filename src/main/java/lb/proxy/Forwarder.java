package lb.proxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import lb.balancing.Backend;
import lb.balancing.Endpoint;
import lb.balancing.LoadBalancer;
import lb.balancing.Pool;
import lb.balancing.Unavailable;
import lb.client.ExactRequest;
import lb.client.Header;
import lb.client.UpgradedConnection;
import lb.config.Settings;
import lb.observe.Outcome;
import lb.observe.SelfAnswer;
import lb.retry.RetryPolicy;
import lb.strategy.RequestView;
import lb.tunnel.TunnelHandler;
import lb.tunnel.Tunnels;

/**
 * Forwards one request: pick a fit backend, send, relay the answer. A failed attempt that may
 * be repeated ({@link RetryPolicy}) goes to another backend, up to {@code lb.retry.attempts}
 * times and within the retry budget, and always before any byte reached the client; any other
 * failure becomes a 502 or 504. Every answer and failure is reported to the balancer, which
 * ejects backends that keep failing.
 */
@ApplicationScoped
public class Forwarder {
    private static final Logger LOG = Logger.getLogger(Forwarder.class.getName());

    @Inject
    LoadBalancer loadBalancer;

    @Inject
    BackendClient client;

    @Inject
    Tunnels tunnels;

    public void forward(HttpServletRequest request, HttpServletResponse response, Outcome outcome) throws IOException {
        Pool pool = loadBalancer.pool();
        Settings settings = pool.settings();
        if (settings.backends().isEmpty()) {
            answerItself(outcome, response, 503, SelfAnswer.NO_BACKEND, "no backend available (" + settings.noBackendReason() + ")");
            return;
        }
        loadBalancer.requestArrived(pool);
        String method = request.getMethod();
        String target = RequestTarget.of(request);
        long bodyLength = RequestBody.length(request);
        boolean hasBody = ExactRequest.bodyFollows(bodyLength); // an empty body can be sent again
        String asked = Upgrade.requested(request, bodyLength);
        String upgrade = settings.upgrade().enabled() ? asked : null;
        RequestView view = new ServletRequestView(request);
        List<Endpoint> tried = new ArrayList<>(2);
        int retriesLeft = settings.retry().attempts();
        int failedStatus = 0;
        String failedWhy = null;
        while (true) {
            Endpoint endpoint;
            try {
                endpoint = loadBalancer.acquire(pool, view, tried);
            } catch (Unavailable e) {
                answerItself(outcome, response, 503, e.queue() ? SelfAnswer.QUEUE : SelfAnswer.NO_BACKEND, e.getMessage());
                return;
            }
            if (endpoint == null) { // every candidate tried: the last failure stands
                answerItself(outcome, response, failedStatus, SelfAnswer.BACKEND_FAILED, failedWhy);
                return;
            }
            Backend backend = endpoint.backend();
            // Over TLS the backend's connection is an SSLSocket, which has no channel for the relay's
            // selector: such a backend is asked as if upgrades were off.
            String upgradeTo = "https".equals(backend.scheme()) ? null : upgrade;
            ExactRequest exact = new ExactRequest(method, backend.basePath() + target,
                    RequestHeaders.forBackend(request, backend, settings.preserveHost(), settings.trustedProxies(), upgradeTo),
                    bodyLength);
            UpgradedConnection.Receiver switched = upgradeTo == null ? null : new UpgradedConnection.Receiver();
            Response answer;
            long sentAt = System.nanoTime();
            try {
                answer = client.send(backend, exact, request, settings, switched);
            } catch (ProcessingException e) {
                loadBalancer.release(endpoint);
                ClientBrokeOff clientFailed = ClientBrokeOff.in(e);
                if (clientFailed != null) {
                    outcome.attempted(endpoint, 0, false, System.nanoTime() - sentAt);
                    throw clientFailed; // the client's fault, not the backend's: no retry, no failure counted
                }
                loadBalancer.failed(pool, endpoint);
                Failure failure = Failure.of(e);
                outcome.attempted(endpoint, failure.status(), false, System.nanoTime() - sentAt);
                boolean retry = retriesLeft > 0 && RetryPolicy.mayRetry(method, hasBody, failure.outcome()) && loadBalancer.mayRetry();
                String description = failure.describe(backend, e);
                LOG.warning(description + ": " + rootCause(e) + (retry ? "; retrying on another backend" : ""));
                LOG.log(Level.FINE, description, e);
                if (!retry) {
                    answerItself(outcome, response, failure.status(), SelfAnswer.BACKEND_FAILED, description);
                    return;
                }
                retriesLeft--;
                tried.add(endpoint);
                failedStatus = failure.status();
                failedWhy = description;
                continue;
            }
            int status = answer.getStatus();
            if (status >= 500) {
                loadBalancer.failed(pool, endpoint);
            } else {
                loadBalancer.succeeded(endpoint);
            }
            if (RetryPolicy.isGatewayError(status) && retriesLeft > 0
                    && RetryPolicy.mayRetry(method, hasBody, RetryPolicy.Outcome.GATEWAY_ERROR)
                    && hasOtherCandidate(pool, tried, endpoint) && loadBalancer.mayRetry()) {
                LOG.warning("backend " + backend.url() + " answered " + status + "; retrying on another backend");
                outcome.attempted(endpoint, status, true, System.nanoTime() - sentAt);
                answer.close();
                loadBalancer.release(endpoint);
                retriesLeft--;
                tried.add(endpoint);
                failedStatus = 502;
                failedWhy = "backend " + backend.url() + " answered " + status;
                continue;
            }
            if (status == 101) { // only ever the answer to a request that asked to switch
                switchProtocols(request, response, answer, switched.take(), endpoint, settings, view, outcome, sentAt);
                return;
            }
            if (asked != null) {
                // The server reads whatever follows a request that asked to switch as the new protocol's,
                // so it closes the connection after the answer: say so.
                response.setHeader("Connection", "close");
            }
            boolean relayed = false;
            try {
                relayed = ResponseRelay.relay(answer, backend, response, settings.limits().responseHeaders(),
                        stickyCookie(settings, view, endpoint), outcome);
            } catch (ResponseRelay.BackendBrokeOff e) {
                String why = "backend " + backend.url() + " broke off its response: " + e.getMessage();
                LOG.warning(why + "; closing the client connection");
                outcome.answeredItself(SelfAnswer.BACKEND_FAILED, why);
                loadBalancer.failed(pool, endpoint);
                response.flushBuffer();
                ServerInternals.abortConnection(request);
            } finally {
                answer.close();
                loadBalancer.release(endpoint);
                outcome.attempted(endpoint, relayed ? status : response.getStatus(), relayed, System.nanoTime() - sentAt);
            }
            return;
        }
    }

    /**
     * The backend switched protocols: the client is answered 101 and its connection joined to the
     * backend's by a tunnel, which relays bytes both ways once the 101 is out. The request itself
     * is over then: the backend's request slot and the client's limit are released.
     */
    private void switchProtocols(HttpServletRequest request, HttpServletResponse response, Response answer,
            UpgradedConnection connection, Endpoint endpoint, Settings settings, RequestView view, Outcome outcome, long sentAt)
            throws IOException {
        Backend backend = endpoint.backend();
        boolean switched = false;
        try {
            if (ResponseRelay.switchProtocols(answer, backend, response, settings.limits().responseHeaders(),
                    stickyCookie(settings, view, endpoint), outcome)) {
                request.upgrade(TunnelHandler.class).join(connection, tunnels);
                switched = true;
            }
        } catch (ServletException e) {
            String why = "backend " + backend.url() + " switched protocols, but this server cannot upgrade the client's connection";
            LOG.log(Level.WARNING, why, e);
            response.reset();
            answerItself(outcome, response, 502, SelfAnswer.BACKEND_FAILED, why);
        } finally {
            if (!switched) {
                connection.close();
            }
            answer.close();
            loadBalancer.release(endpoint);
            outcome.attempted(endpoint, switched ? 101 : response.getStatus(), switched, System.nanoTime() - sentAt);
        }
    }

    private static void answerItself(Outcome outcome, HttpServletResponse response, int status, SelfAnswer reason, String why)
            throws IOException {
        outcome.answeredItself(reason, why);
        outcome.sent(ErrorResponse.send(response, status, why));
    }

    private boolean hasOtherCandidate(Pool pool, List<Endpoint> tried, Endpoint failed) {
        List<Endpoint> without = new ArrayList<>(tried);
        without.add(failed);
        return !pool.candidates(loadBalancer.now(), without).isEmpty();
    }

    /** Set-Cookie naming the backend, when sticky sessions are on and the client's cookie names another. */
    private static Header stickyCookie(Settings settings, RequestView view, Endpoint endpoint) {
        String name = settings.balancing().stickyCookie();
        if (name.isEmpty() || endpoint.stickyId().equals(view.cookie(name))) {
            return null;
        }
        return new Header("Set-Cookie", name + "=" + endpoint.stickyId() + "; Path=/; HttpOnly");
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.toString();
    }
}
