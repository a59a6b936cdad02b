package lb.admin;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import lb.balancing.LoadBalancer;
import lb.config.Cidr;
import lb.config.Settings;

/**
 * Who may read the metrics: a client whose connection comes from {@code lb.metrics.allow}
 * (never a forwarding header: monitoring scrapes without a password), or a user in the role
 * lb-admin. It guards {@code {lb.admin.prefix}metrics}, served by the balancer or by Payara's
 * MicroProfile Metrics servlet (which runs in this WAR's context, so this filter is in front of
 * it: measured), and {@value #SERVER_ENDPOINT}, where the shipped postboot file puts Payara's
 * endpoint and which web.xml leaves to this filter.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class MetricsAccess implements Filter {
    static final String SERVER_ENDPOINT = "/_lb/metrics";

    @Inject
    LoadBalancer loadBalancer;

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        Settings settings = loadBalancer.settings();
        if (isMetrics(path(request), settings.adminPrefix())
                && !Cidr.anyContains(settings.metricsAllow(), request.getRemoteAddr())
                && !AdminRole.check(request, (HttpServletResponse) res)) {
            return;
        }
        chain.doFilter(req, res);
    }

    /** The path as the container mapped it: decoded and normalized, so {@code /_lb/%6detrics} is caught too. */
    private static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? servletPath : servletPath.isEmpty() ? pathInfo : servletPath + pathInfo;
    }

    static boolean isMetrics(String path, String adminPrefix) {
        return isUnder(path, adminPrefix + "metrics") || isUnder(path, SERVER_ENDPOINT);
    }

    private static boolean isUnder(String path, String endpoint) {
        return path.startsWith(endpoint) && (path.length() == endpoint.length() || path.charAt(endpoint.length()) == '/');
    }
}
