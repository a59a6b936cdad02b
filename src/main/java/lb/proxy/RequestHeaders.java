package lb.proxy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import lb.balancing.Backend;
import lb.client.Header;

/**
 * The request header rules, one method each, in the order they apply: copy the end-to-end
 * headers, then set Host, X-Forwarded-* and Via.
 */
final class RequestHeaders {
    private RequestHeaders() {
    }

    static List<Header> forBackend(HttpServletRequest request, Backend backend, boolean preserveHost) {
        List<Header> out = new ArrayList<>(16);
        String clientHost = request.getHeader("Host");
        out.add(new Header("Host", preserveHost && clientHost != null ? clientHost : backend.hostHeader()));
        copyEndToEnd(request, out);
        addForwarded(request, clientHost, out);
        addVia(request, out);
        return out;
    }

    /**
     * Every header with all its values in order, except hop-by-hop ones, those set again below,
     * Content-Length (the HTTP client writes the framing) and Expect (the balancer answers it).
     */
    static void copyEndToEnd(HttpServletRequest request, List<Header> out) {
        HopByHop hopByHop = HopByHop.of(request.getHeaders("Connection"));
        for (String name : Collections.list(request.getHeaderNames())) {
            if (hopByHop.removes(name) || isReplaced(name)) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                out.add(new Header(name, value));
            }
        }
    }

    private static boolean isReplaced(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "host", "content-length", "expect", "via",
                 "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port" -> true;
            default -> false;
        };
    }

    /** X-Forwarded-For is appended to; the others describe this hop only, so they are set. */
    static void addForwarded(HttpServletRequest request, String clientHost, List<Header> out) {
        out.add(new Header("X-Forwarded-For", appended(request, "X-Forwarded-For", request.getRemoteAddr())));
        out.add(new Header("X-Forwarded-Proto", request.getScheme()));
        if (clientHost != null) {
            out.add(new Header("X-Forwarded-Host", clientHost));
        }
        out.add(new Header("X-Forwarded-Port", Integer.toString(request.getLocalPort())));
    }

    static void addVia(HttpServletRequest request, List<Header> out) {
        String protocol = request.getProtocol();
        String version = protocol.startsWith("HTTP/") ? protocol.substring(5) : protocol;
        out.add(new Header("Via", appended(request, "Via", version + " lb")));
    }

    /** All values the client sent, in order, as one list, with {@code last} at the end. */
    private static String appended(HttpServletRequest request, String name, String last) {
        StringBuilder joined = new StringBuilder();
        for (String value : Collections.list(request.getHeaders(name))) {
            joined.append(value).append(", ");
        }
        return joined.append(last).toString();
    }
}
