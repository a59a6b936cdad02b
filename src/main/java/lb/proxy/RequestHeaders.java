package lb.proxy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import lb.balancing.Backend;
import lb.client.Header;
import lb.config.Cidr;

/**
 * The request header rules, one method each, in the order they apply: copy the end-to-end
 * headers, then set Host, X-Forwarded-*, Forwarded and Via. What a client says about earlier
 * hops (X-Forwarded-*, Forwarded) is believed only from a trusted proxy ({@code lb.trusted-proxies}).
 */
final class RequestHeaders {
    private RequestHeaders() {
    }

    /** @param upgrade the protocols to ask the backend to switch to ({@link Upgrade#requested}), or null */
    static List<Header> forBackend(HttpServletRequest request, Backend backend, boolean preserveHost, List<Cidr> trustedProxies,
            String upgrade) {
        List<Header> out = new ArrayList<>(16);
        String clientHost = request.getHeader("Host");
        out.add(new Header("Host", preserveHost && clientHost != null ? clientHost : backend.hostHeader()));
        copyEndToEnd(request, out);
        if (upgrade != null) {
            // Hop-by-hop, so removed above: set again for this hop, as nginx's proxy_set_header does.
            out.add(new Header("Connection", "Upgrade"));
            out.add(new Header("Upgrade", upgrade));
        }
        addForwarded(request, clientHost, Cidr.anyContains(trustedProxies, request.getRemoteAddr()), out);
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
            case "host", "content-length", "expect", "via", "forwarded",
                 "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port" -> true;
            default -> false;
        };
    }

    /**
     * From a trusted proxy, X-Forwarded-For and Forwarded are appended to and its
     * X-Forwarded-Proto/Host/Port are kept; from anyone else all of them are replaced by what
     * this hop saw. Forwarded (RFC 7239) is sent only when the client sent one.
     */
    static void addForwarded(HttpServletRequest request, String clientHost, boolean trusted, List<Header> out) {
        String client = request.getRemoteAddr();
        out.add(new Header("X-Forwarded-For", trusted ? appended(request, "X-Forwarded-For", client) : client));
        if (!(trusted && copied(request, "X-Forwarded-Proto", out))) {
            out.add(new Header("X-Forwarded-Proto", request.getScheme()));
        }
        if (!(trusted && copied(request, "X-Forwarded-Host", out)) && clientHost != null) {
            out.add(new Header("X-Forwarded-Host", clientHost));
        }
        if (!(trusted && copied(request, "X-Forwarded-Port", out))) {
            out.add(new Header("X-Forwarded-Port", Integer.toString(request.getLocalPort())));
        }
        if (request.getHeader("Forwarded") != null) {
            String hop = forwardedElement(client, clientHost, request.getScheme());
            out.add(new Header("Forwarded", trusted ? appended(request, "Forwarded", hop) : hop));
        }
    }

    /**
     * This hop as RFC 7239 describes it: for=client;host="Host";proto=scheme. RequestGuard has
     * checked the Host, so it has no quote or backslash to escape.
     */
    private static String forwardedElement(String client, String host, String scheme) {
        String node = client.contains(":") ? "\"[" + client + "]\"" : client;
        return "for=" + node + (host == null ? "" : ";host=\"" + host + "\"") + ";proto=" + scheme;
    }

    /** Copies every value the client sent; false when it sent none. */
    private static boolean copied(HttpServletRequest request, String name, List<Header> out) {
        boolean any = false;
        for (String value : Collections.list(request.getHeaders(name))) {
            out.add(new Header(name, value));
            any = true;
        }
        return any;
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
