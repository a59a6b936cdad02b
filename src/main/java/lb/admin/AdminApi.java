package lb.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import lb.balancing.Endpoint;
import lb.balancing.LoadBalancer;
import lb.balancing.Pool;
import lb.balancing.RuntimeOverride;
import lb.cluster.Cluster;
import lb.health.HealthChecker;
import lb.proxy.ErrorResponse;

/**
 * The JSON API under {@code lb.admin.prefix}{@code api/}, as nginx Plus's and HAProxy's runtime
 * API: the backends, and per backend the operator's runtime overrides (drain, disable, weight)
 * and a health check now. A backend's id is its position in {@code lb.backends}, from 0. Only
 * POST, PUT and DELETE change anything, and never for a page of another site.
 */
@ApplicationScoped
public class AdminApi {
    private static final Logger LOG = Logger.getLogger(AdminApi.class.getName());
    private static final int MAX_WEIGHT = 1000;

    @Inject
    LoadBalancer loadBalancer;

    @Inject
    HealthChecker healthChecker;

    @Inject
    Cluster cluster;

    /** What may follow {@code api/backends/{id}/}, and the one method each takes. */
    private enum Action {
        DRAIN("POST", RuntimeOverride::drain),
        UNDRAIN("POST", RuntimeOverride::undrain),
        DISABLE("POST", RuntimeOverride::disable),
        ENABLE("POST", RuntimeOverride::enable),
        CHECK("POST", null),
        WEIGHT("PUT", null),
        OVERRIDE("DELETE", o -> RuntimeOverride.NONE);

        final String method;
        final UnaryOperator<RuntimeOverride> change;

        Action(String method, UnaryOperator<RuntimeOverride> change) {
            this.method = method;
            this.change = change;
        }

        static Action named(String segment) {
            for (Action a : values()) {
                if (a.name().toLowerCase(Locale.ROOT).equals(segment)) return a;
            }
            return null;
        }
    }

    /** @param path what follows {@code api/} in the request path */
    public void handle(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] parts = path.split("/", -1);
        Action action = parts.length == 3 ? Action.named(parts[2]) : null;
        if (!parts[0].equals("backends") || parts.length > 3 || (parts.length == 3 && action == null)) {
            ErrorResponse.send(response, 404, "no balancer endpoint " + request.getMethod() + " " + request.getRequestURI());
            return;
        }
        if (!allowed(request, response, action == null ? "GET" : action.method)) {
            return;
        }
        Pool pool = loadBalancer.pool();
        long now = loadBalancer.now();
        if (parts.length == 1) {
            Json.send(response, BackendJson.list(new StringBuilder("{"), pool, now, loadBalancer.waiting()).append("}\n").toString());
            return;
        }
        if (action != null) {
            String refusal = CrossSite.refusal(request);
            if (refusal != null) {
                ErrorResponse.send(response, 403, refusal);
                return;
            }
        }
        Endpoint endpoint = find(pool, parts[1]);
        if (endpoint == null) {
            ErrorResponse.send(response, 404, "no backend with the id " + parts[1] + ": lb.backends has "
                    + pool.endpoints().size() + ", with the ids 0, 1 ... in its order");
        } else if (action == null) {
            sendBackend(response, pool, endpoint, now);
        } else if (action == Action.CHECK) {
            check(request, response, endpoint);
        } else if (action == Action.WEIGHT) {
            Integer weight = weight(request);
            if (weight == null) {
                ErrorResponse.send(response, 400, "the body must be a weight, a whole number from 0 to " + MAX_WEIGHT);
                return;
            }
            change(request, response, endpoint, "PUT weight " + weight, o -> o.withWeight(weight));
        } else {
            change(request, response, endpoint, request.getMethod() + " " + parts[2], action.change);
        }
    }

    private static boolean allowed(HttpServletRequest request, HttpServletResponse response, String method) throws IOException {
        if (request.getMethod().equals(method)) return true;
        response.setHeader("Allow", method);
        ErrorResponse.send(response, 405, request.getRequestURI() + " takes " + method + " only");
        return false;
    }

    private static Endpoint find(Pool pool, String id) {
        if (!id.matches("[0-9]{1,9}")) return null;
        int index = Integer.parseInt(id);
        return index < pool.endpoints().size() ? pool.endpoints().get(index) : null;
    }

    private void change(HttpServletRequest request, HttpServletResponse response, Endpoint endpoint, String what,
            UnaryOperator<RuntimeOverride> change) throws IOException {
        Endpoint changed = cluster.override(endpoint.key(), change);
        if (changed == null) {
            ErrorResponse.send(response, 404, "backend " + endpoint + " left lb.backends just now");
            return;
        }
        LOG.info(() -> "admin " + request.getRemoteUser() + ": backend " + changed.backend().index() + " " + changed + ": "
                + what + "; override now " + changed.override());
        sendBackend(response, loadBalancer.pool(), changed, loadBalancer.now());
    }

    private void check(HttpServletRequest request, HttpServletResponse response, Endpoint endpoint) throws IOException {
        Optional<HealthChecker.Check> check = healthChecker.checkNow(endpoint);
        if (check.isEmpty()) {
            ErrorResponse.send(response, 409, "active health checks are off (lb.health.path is empty)");
            return;
        }
        HealthChecker.Check c = check.get();
        LOG.info(() -> "admin " + request.getRemoteUser() + ": backend " + endpoint.backend().index() + " " + endpoint
                + ": POST check: " + c.outcome());
        StringBuilder json = new StringBuilder("{\"passed\":").append(c.passed())
                .append(",\"outcome\":").append(Json.string(c.outcome()))
                .append(",\"backend\":");
        Json.send(response, BackendJson.object(json, loadBalancer.pool(), endpoint, loadBalancer.now()).append("}\n").toString());
    }

    private static void sendBackend(HttpServletResponse response, Pool pool, Endpoint endpoint, long now) throws IOException {
        Json.send(response, BackendJson.object(new StringBuilder(), pool, endpoint, now).append('\n').toString());
    }

    /** The body as a weight; null when it is not one. */
    private static Integer weight(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(17);
        if (body.length > 16) return null;
        String text = new String(body, StandardCharsets.US_ASCII).trim();
        if (!text.matches("[0-9]{1,4}")) return null;
        int weight = Integer.parseInt(text);
        return weight <= MAX_WEIGHT ? weight : null;
    }
}
