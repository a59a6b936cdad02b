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
        return refusal(request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"), request.getScheme(),
                request.getHeader("Host"));
    }

    /**
     * @param scheme the scheme the request came with
     * @param host   its {@code Host} header, as the browser saw the server (a port a proxy in front
     *               hides is not in it); may be null
     */
    static String refusal(String origin, String fetchSite, String scheme, String host) {
        if (origin != null && !sameOrigin(origin, scheme, host)) {
            return "cross-site request refused: Origin " + origin + " is not this server's";
        }
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return "cross-site request refused: Sec-Fetch-Site " + fetchSite;
        }
        return null;
    }

    /** A port left out is the scheme's default, on either side. */
    private static boolean sameOrigin(String origin, String scheme, String host) {
        if (host == null) return false;
        try {
            URI uri = new URI(origin);
            String path = uri.getRawPath();
            if (uri.getScheme() == null || uri.getRawAuthority() == null || uri.getRawUserInfo() != null
                    || (path != null && !path.isEmpty())) {
                return false; // "null" (a sandboxed or privacy-minded page), or not an origin at all
            }
            return normal(uri.getScheme(), uri.getRawAuthority()).equals(normal(scheme, host));
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
