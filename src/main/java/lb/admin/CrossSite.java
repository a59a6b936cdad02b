package lb.admin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Refuses actions a browser sends on another site's behalf: a page elsewhere could otherwise
 * make a logged-in operator's browser POST a drain, the BASIC credentials going along. Browsers
 * name the page's origin ({@code Origin}) and how it relates to the target ({@code Sec-Fetch-Site});
 * curl and scripts send neither and pass.
 */
final class CrossSite {
    private CrossSite() {
    }

    /** Why the request is refused; null when it is not cross-site. */
    static String refusal(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request)) {
            return "cross-site request refused: Origin " + origin + " is not this server's";
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "cross-site request refused: Sec-Fetch-Site " + site;
        }
        return null;
    }

    /**
     * The Origin against the scheme and {@code Host} the request came with, as the browser saw
     * them (not the port the server listens on, which a proxy in front may hide); a port left
     * out is the scheme's default.
     */
    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null) return false;
        try {
            URI uri = new URI(origin);
            String path = uri.getRawPath();
            if (uri.getScheme() == null || uri.getRawAuthority() == null || uri.getRawUserInfo() != null
                    || (path != null && !path.isEmpty())) {
                return false; // "null" (a sandboxed or privacy-minded page), or not an origin at all
            }
            return normal(uri.getScheme(), uri.getRawAuthority()).equals(normal(request.getScheme(), host));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** scheme://host:port in lower case, with the default port written out. */
    private static String normal(String scheme, String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        boolean hasPort = colon > hostAndPort.lastIndexOf(']');
        String port = hasPort ? hostAndPort.substring(colon + 1)
                : scheme.equalsIgnoreCase("https") ? "443" : scheme.equalsIgnoreCase("http") ? "80" : "";
        return (scheme + "://" + (hasPort ? hostAndPort.substring(0, colon) : hostAndPort) + ":" + port)
                .toLowerCase(Locale.ROOT);
    }
}
