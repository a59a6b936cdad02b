package lb.proxy;

import java.util.Collections;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import lb.client.ExactRequest;

/**
 * A request to switch protocols (RFC 9110 7.8), WebSocket's opening handshake (RFC 6455 4.1)
 * above all. The balancer passes it on as nginx does with {@code proxy_http_version 1.1},
 * {@code proxy_set_header Upgrade $http_upgrade} and {@code proxy_set_header Connection "upgrade"}:
 * the backend gets the client's Upgrade with {@code Connection: Upgrade}, and decides.
 */
final class Upgrade {
    private Upgrade() {
    }

    /**
     * The protocols the client asks to switch to (its Upgrade value), or null when it asks for
     * none: that takes HTTP/1.1, an Upgrade header, "upgrade" among the Connection tokens, and a
     * GET without a body, because after a 101 every byte on the connection belongs to the new
     * protocol, and WebSocket, the one upgrade that matters behind a proxy, is a GET.
     */
    static String requested(HttpServletRequest request, long bodyLength) {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null || upgrade.isBlank() || !request.getMethod().equals("GET")
                || ExactRequest.bodyFollows(bodyLength) || !request.getProtocol().equals("HTTP/1.1")) {
            return null;
        }
        for (String connection : Collections.list(request.getHeaders("Connection"))) {
            for (String token : connection.split(",")) {
                if (token.trim().toLowerCase(Locale.ROOT).equals("upgrade")) {
                    return String.join(", ", Collections.list(request.getHeaders("Upgrade")));
                }
            }
        }
        return null;
    }
}
