package lb.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

import lb.client.ExactRequest;

/** Which requests ask to switch protocols, and to what. */
class UpgradeTest {
    /** A request as the servlet API shows it: method, protocol and header lines, names in any case. */
    private static HttpServletRequest request(String method, String protocol, String... headerLines) {
        return (HttpServletRequest) Proxy.newProxyInstance(UpgradeTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getProtocol" -> protocol;
                    case "getHeader" -> values(headerLines, (String) args[0]).stream().findFirst().orElse(null);
                    case "getHeaders" -> Collections.enumeration(values(headerLines, (String) args[0]));
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static List<String> values(String[] headerLines, String name) {
        List<String> values = new ArrayList<>();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (line.substring(0, colon).equalsIgnoreCase(name)) values.add(line.substring(colon + 1).trim());
        }
        return values;
    }

    @Test
    void aWebSocketHandshakeAsksForWebSocket() {
        assertEquals("websocket", Upgrade.requested(request("GET", "HTTP/1.1", "Connection: Upgrade", "Upgrade: websocket"),
                ExactRequest.NO_BODY));
        assertEquals("websocket", Upgrade.requested(request("GET", "HTTP/1.1", "connection: keep-alive, UPGRADE",
                "upgrade: websocket"), 0), "Content-Length: 0 is no body");
        assertEquals("websocket, foo/2", Upgrade.requested(request("GET", "HTTP/1.1", "Connection: Upgrade",
                "Upgrade: websocket", "Upgrade: foo/2"), ExactRequest.NO_BODY), "every protocol offered, in order");
    }

    @Test
    void anythingElseAsksForNothing() {
        assertNull(Upgrade.requested(request("GET", "HTTP/1.1", "Upgrade: websocket"), ExactRequest.NO_BODY),
                "Upgrade without Connection: upgrade is a stray header");
        assertNull(Upgrade.requested(request("GET", "HTTP/1.1", "Connection: Upgrade"), ExactRequest.NO_BODY));
        assertNull(Upgrade.requested(request("GET", "HTTP/1.1", "Connection: Upgrade", "Upgrade: "), ExactRequest.NO_BODY));
        assertNull(Upgrade.requested(request("GET", "HTTP/1.1", "Connection: Upgraded", "Upgrade: websocket"), ExactRequest.NO_BODY));
        assertNull(Upgrade.requested(request("POST", "HTTP/1.1", "Connection: Upgrade", "Upgrade: websocket"), ExactRequest.NO_BODY));
        assertNull(Upgrade.requested(request("GET", "HTTP/1.1", "Connection: Upgrade", "Upgrade: websocket"), 12),
                "a body would run into the new protocol's bytes");
        assertNull(Upgrade.requested(request("GET", "HTTP/1.1", "Connection: Upgrade", "Upgrade: websocket"), ExactRequest.CHUNKED));
        assertNull(Upgrade.requested(request("GET", "HTTP/1.0", "Connection: Upgrade", "Upgrade: websocket"), ExactRequest.NO_BODY));
    }
}
