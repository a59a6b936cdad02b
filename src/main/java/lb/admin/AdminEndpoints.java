package lb.admin;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import lb.accesslog.AccessLog;
import lb.balancing.LoadBalancer;
import lb.balancing.Pool;
import lb.cluster.Cluster;
import lb.config.Durations;
import lb.config.Limits;
import lb.config.Settings;
import lb.config.Sizes;
import lb.metrics.BalancerMetrics;
import lb.proxy.ErrorResponse;

/**
 * The balancer's own endpoints under {@code lb.admin.prefix}; nothing there is forwarded. Only
 * users in the role {@value #ROLE} get an answer: under /_lb/ the web.xml constraint asks first,
 * under any other prefix this class asks the server (the same realm, the same BASIC login).
 * {@code metrics} is the exception: {@link MetricsAccess} also lets addresses of
 * {@code lb.metrics.allow} read it.
 */
@ApplicationScoped
public class AdminEndpoints {
    public static final String ROLE = "lb-admin";

    @Inject
    LoadBalancer loadBalancer;

    @Inject
    AdminApi api;

    @Inject
    BalancerMetrics metrics;

    @Inject
    TrafficRecorder traffic;

    @Inject
    SettingsInForce settingsInForce;

    @Inject
    AccessLog accessLog;

    @Inject
    Cluster cluster;

    public void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Settings settings = loadBalancer.settings();
        String path = request.getRequestURI().substring(settings.adminPrefix().length());
        if (path.equals("metrics") && request.getMethod().equals("GET")) {
            metrics(response); // MetricsAccess let the request through: an allowed address, or the role
            return;
        }
        if (!AdminRole.check(request, response)) {
            return;
        }
        boolean get = request.getMethod().equals("GET");
        if (path.equals("status") && get) {
            Json.send(response, statusJson(loadBalancer.pool(), loadBalancer.now(), loadBalancer.waiting(), accessLog.dropped(),
                    cluster));
        } else if (path.equals("api/overview") && get) {
            Pool pool = loadBalancer.pool();
            Json.send(response, OverviewJson.write(pool.endpoints(), pool.settings().backendLimits(), loadBalancer.now(),
                    loadBalancer.waiting(), traffic.all(), settingsInForce.list(), ClusterJson.members(new StringBuilder(), cluster)));
        } else if (path.startsWith("api/")) {
            api.handle(path.substring("api/".length()), request, response);
        } else if (PageFiles.has(path) && get) {
            PageFiles.send(path, request, response);
        } else {
            ErrorResponse.send(response, 404, "no balancer endpoint " + request.getMethod() + " " + request.getRequestURI());
        }
    }

    private void metrics(HttpServletResponse response) throws IOException {
        if (!metrics.write(response)) {
            ErrorResponse.send(response, 404, "the server's MicroProfile Metrics serves the balancer's metrics at its own endpoint; "
                    + "on Payara move it here with set-metrics-configuration --endpoint="
                    + loadBalancer.settings().adminPrefix().substring(1) + "metrics");
        }
    }

    static String statusJson(Pool pool, long now, int queued, long accessLogDropped, Cluster cluster) {
        Settings settings = pool.settings();
        StringBuilder json = BackendJson.list(new StringBuilder("{"), pool, now, queued).append(',');
        ClusterJson.members(json, cluster);
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
        json.append(",\"upgrade\":").append(settings.upgrade().enabled());
        json.append(",\"websocketIdle\":").append(Json.string(Durations.format(settings.upgrade().idle())));
        json.append(",\"rateLimit\":").append(Json.string(settings.rate().limit().toString()));
        json.append(",\"rateBurst\":").append(settings.rate().burst());
        json.append(",\"rateKey\":").append(Json.string(settings.rate().key().toString()));
        json.append(",\"rateMaxClients\":").append(settings.rateMaxClients());
        json.append(",\"tlsTrustStore\":").append(Json.string(settings.tls().trustStore()));
        json.append(",\"tlsTrusted\":").append(settings.tls().trusted().size());
        json.append(",\"tlsVerify\":").append(settings.tls().verify());
        json.append(",\"accessLogPath\":").append(Json.string(settings.accessLog().path()));
        json.append(",\"accessLogFormat\":").append(Json.string(settings.accessLog().format().toString()));
        json.append(",\"accessLogDropped\":").append(accessLogDropped);
        return json.append("}\n").toString();
    }
}
