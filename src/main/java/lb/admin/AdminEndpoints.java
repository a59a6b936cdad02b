package lb.admin;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import lb.balancing.LoadBalancer;
import lb.balancing.Pool;
import lb.config.Durations;
import lb.config.Limits;
import lb.config.Settings;
import lb.config.Sizes;
import lb.proxy.ErrorResponse;

/**
 * The balancer's own endpoints under {@code lb.admin.prefix}; nothing there is forwarded. Only
 * users in the role {@value #ROLE} get an answer: under /_lb/ the web.xml constraint asks first,
 * under any other prefix this class asks the server (the same realm, the same BASIC login).
 */
@ApplicationScoped
public class AdminEndpoints {
    public static final String ROLE = "lb-admin";

    @Inject
    LoadBalancer loadBalancer;

    @Inject
    AdminApi api;

    public void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Settings settings = loadBalancer.settings();
        String path = request.getRequestURI().substring(settings.adminPrefix().length());
        if (!mayManage(request, response)) {
            return;
        }
        if (path.equals("status") && request.getMethod().equals("GET")) {
            Json.send(response, statusJson(loadBalancer.pool(), loadBalancer.now(), loadBalancer.waiting()));
        } else if (path.startsWith("api/")) {
            api.handle(path.substring("api/".length()), request, response);
        } else {
            ErrorResponse.send(response, 404, "no balancer endpoint " + request.getMethod() + " " + request.getRequestURI());
        }
    }

    /** Whether the request comes from a user in the role; if not, the server's login challenge (401) or 403 is sent. */
    private static boolean mayManage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.isUserInRole(ROLE)) {
            return true;
        }
        try {
            if (!request.authenticate(response)) {
                return false; // the server sent its 401 with the challenge
            }
        } catch (ServletException e) {
            ErrorResponse.send(response, 401, "wrong user name or password");
            return false;
        }
        if (request.isUserInRole(ROLE)) {
            return true;
        }
        ErrorResponse.send(response, 403, "user " + request.getRemoteUser() + " is not in the role " + ROLE);
        return false;
    }

    static String statusJson(Pool pool, long now, int queued) {
        Settings settings = pool.settings();
        StringBuilder json = BackendJson.list(new StringBuilder("{"), pool, now, queued);
        json.append(",\"noBackendReason\":").append(settings.noBackendReason() == null ? "null" : Json.string(settings.noBackendReason()));
        json.append(",\"timeoutConnect\":").append(Json.string(Durations.format(settings.connectTimeout())));
        json.append(",\"timeoutRead\":").append(Json.string(Durations.format(settings.readTimeout())));
        json.append(",\"preserveHost\":").append(settings.preserveHost());
        json.append(",\"strategy\":").append(Json.string(settings.balancing().strategy().toString()));
        json.append(",\"hashKey\":").append(Json.string(settings.balancing().hashKey().toString()));
        json.append(",\"stickyCookie\":").append(Json.string(settings.balancing().stickyCookie()));
        json.append(",\"healthPath\":").append(Json.string(settings.health().path()));
        json.append(",\"maxRequests\":").append(settings.backendLimits().maxRequests());
        json.append(",\"queueSize\":").append(settings.backendLimits().queueSize());
        json.append(",\"queueTimeout\":").append(Json.string(Durations.format(settings.backendLimits().queueTimeout())));
        json.append(",\"trustedProxies\":[");
        for (int i = 0; i < settings.trustedProxies().size(); i++) {
            if (i > 0) json.append(',');
            json.append(Json.string(settings.trustedProxies().get(i).toString()));
        }
        Limits limits = settings.limits();
        json.append("],\"limitRequestLine\":").append(Json.string(Sizes.format(limits.requestLine())));
        json.append(",\"limitRequestHeaders\":").append(Json.string(Sizes.format(limits.requestHeaders())));
        json.append(",\"limitResponseHeaders\":").append(Json.string(Sizes.format(limits.responseHeaders())));
        json.append(",\"clientMaxConnections\":").append(limits.clientMaxConnections());
        return json.append("}\n").toString();
    }
}
