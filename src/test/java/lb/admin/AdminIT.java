package lb.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import lb.testing.AdminJson;
import lb.testing.AdminUser;
import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.RawBackend;
import lb.testing.RawClient;
import lb.testing.RawClient.Response;

/** The admin API on a real Payara Micro: who may use it, and each action seen in real traffic. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminIT extends BalancerIT {
    private static final RawBackend A;
    private static final RawBackend B;
    private static final RawBackend C;
    private static final String API = "/_lb/api/backends";

    static {
        A = backend("a");
        B = backend("b");
        C = backend("c");
        LiveConfig.reset(Map.of("lb.backends", A.url() + "," + B.url() + "," + C.url()));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    private Response admin(String method, String target, String... headerLines) throws IOException {
        List<String> lines = new ArrayList<>(List.of(headerLines));
        lines.add(AdminUser.AUTHORIZATION);
        return RawClient.get(port(), method, target, lines.toArray(String[]::new));
    }

    private Response putWeight(int id, String body, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder("PUT " + API + "/" + id + "/weight HTTP/1.1\nHost: 127.0.0.1:" + port() + "\n");
        for (String line : headerLines) request.append(line).append('\n');
        return RawClient.send(port(), request.append("Content-Length: ").append(body.length())
                .append("\nConnection: close\n\n").append(body).toString());
    }

    private String sequence(int n) throws IOException {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < n; i++) s.add(RawClient.get(port(), "GET", "/x").header("X-Backend"));
        return String.join(" ", s);
    }

    /**
     * One backend's object as the API writes it, with the figures a test without traffic in flight
     * expects, less the traffic figures of the last minute ({@link AdminJson#withoutTraffic}).
     */
    private static String backendJson(int id, RawBackend b, int weight, String state, int configuredWeight, String override) {
        return "{\"id\":" + id + ",\"index\":" + id + ",\"url\":\"" + b.url() + "\",\"weight\":" + weight
                + ",\"state\":\"" + state + "\",\"inFlight\":0,\"configuredWeight\":" + configuredWeight
                + ",\"override\":" + override + ",\"health\":{\"up\":true,\"lastCheck\":\"not checked yet\"},\"ejections\":0,\"cluster\":null}";
    }

    private static String plain(int id, RawBackend b) {
        return backendJson(id, b, 1, "up", 1, "null");
    }

    private String list() throws IOException {
        Response r = admin("GET", API);
        assertEquals(200, r.status, r.text());
        return AdminJson.withoutTraffic(r.text());
    }

    private static void assertAlternates(String sequence, String x, String y) {
        String one = (x + " " + y + " ").repeat(3).trim();
        String other = (y + " " + x + " ").repeat(3).trim();
        assertTrue(sequence.equals(one) || sequence.equals(other), "round robin over " + x + " and " + y + ": " + sequence);
    }

    @Test
    @Order(1)
    void withoutCredentialsNothingIsShownOrChanged() throws Exception {
        List<String[]> requests = new ArrayList<>(List.of(new String[] {"GET", API}, new String[] {"GET", "/_lb/status"},
                new String[] {"GET", API + "/0"}, new String[] {"DELETE", API + "/0/override"}));
        for (String action : List.of("drain", "undrain", "disable", "enable", "check")) {
            requests.add(new String[] {"POST", API + "/1/" + action});
        }
        for (String[] request : requests) {
            Response r = RawClient.get(port(), request[0], request[1]);
            assertEquals(401, r.status, request[0] + " " + request[1]);
            for (RawBackend b : List.of(A, B, C)) {
                assertFalse(r.text().contains(String.valueOf(b.port())), request[1] + " shows a backend: " + r.text());
            }
        }
        Response put = putWeight(0, "5");
        assertEquals(401, put.status);
        Response wrong = RawClient.get(port(), "POST", API + "/1/drain", "Authorization: Basic aXQtYWRtaW46d3Jvbmc=");
        assertEquals(401, wrong.status, "it-admin:wrong");
        assertEquals("{\"backends\":[" + plain(0, A) + "," + plain(1, B) + "," + plain(2, C) + "],\"queued\":0}\n", list());
    }

    @Test
    @Order(2)
    void theListAndOneBackendAsJson() throws Exception {
        Response r = admin("GET", API);
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("no-store", r.header("Cache-Control"));
        Response one = admin("GET", API + "/2");
        assertEquals(200, one.status);
        assertEquals(plain(2, C) + "\n", AdminJson.withoutTraffic(one.text()));
        assertTrue(AdminJson.withoutTraffic(admin("GET", "/_lb/status").text()).startsWith("{\"backends\":[" + plain(0, A) + ","),
                "the status page shows the same");
    }

    @Test
    @Order(3)
    void drainSendsTheNextRequestsToTheOthersAndUndrainBringsItBack() throws Exception {
        Response drained = admin("POST", API + "/1/drain");
        assertEquals(200, drained.status, drained.text());
        assertEquals(backendJson(1, B, 1, "drained (override)", 1, "{\"drained\":true,\"disabled\":false,\"weight\":null}")
                + "\n", AdminJson.withoutTraffic(drained.text()));
        B.clear();
        assertAlternates(sequence(6), "a", "c");
        assertEquals(0, B.receivedCount());
        assertTrue(admin("GET", "/_lb/status").text().contains("\"state\":\"drained (override)\""));

        Response undrained = admin("POST", API + "/1/undrain");
        assertEquals(plain(1, B) + "\n", AdminJson.withoutTraffic(undrained.text()), "nothing left of the override");
        String s = sequence(6);
        assertTrue(List.of("a b c a b c", "b c a b c a", "c a b c a b").contains(s), s);
    }

    @Test
    @Order(4)
    void disableTakesTheBackendOutAndEnablePutsItBack() throws Exception {
        Response disabled = admin("POST", API + "/2/disable");
        assertEquals(backendJson(2, C, 1, "disabled (override)", 1, "{\"drained\":false,\"disabled\":true,\"weight\":null}")
                + "\n", AdminJson.withoutTraffic(disabled.text()));
        C.clear();
        assertAlternates(sequence(6), "a", "b");
        assertEquals(0, C.receivedCount());
        assertEquals(plain(2, C) + "\n", AdminJson.withoutTraffic(admin("POST", API + "/2/enable").text()));
        String s = sequence(6);
        assertTrue(List.of("a b c a b c", "b c a b c a", "c a b c a b").contains(s), s);
    }

    @Test
    @Order(5)
    void aWeightOverrideGivesTheSmoothSequenceAndDeletingTheOverrideRestoresTheConfiguredWeight() throws Exception {
        LiveConfig.set("lb.strategy", "weighted-round-robin");
        LiveConfig.awaitStatus(port(), "\"strategy\":\"weighted-round-robin\"");
        Response weighted = putWeight(0, "5\n", AdminUser.AUTHORIZATION);
        assertEquals(200, weighted.status, weighted.text());
        assertEquals(backendJson(0, A, 5, "up", 1, "{\"drained\":false,\"disabled\":false,\"weight\":5}") + "\n",
                AdminJson.withoutTraffic(weighted.text()));
        assertEquals("a a b a c a a a a b a c a a", sequence(14));

        Response cleared = admin("DELETE", API + "/0/override");
        assertEquals(200, cleared.status, cleared.text());
        assertEquals(plain(0, A) + "\n", AdminJson.withoutTraffic(cleared.text()));
        assertEquals("a b c a b c", sequence(6));
    }

    @Test
    @Order(6)
    void aBadWeightIsRefusedAndChangesNothing() throws Exception {
        for (String body : List.of("1001", "-1", "abc", "", "2.5", "5 5", "99999999999999999999")) {
            Response r = putWeight(0, body, AdminUser.AUTHORIZATION);
            assertEquals(400, r.status, "'" + body + "'");
            assertEquals("400 Bad Request: the body must be a weight, a whole number from 0 to 1000\n", r.text());
        }
        assertEquals(plain(0, A) + "\n", AdminJson.withoutTraffic(admin("GET", API + "/0").text()));
    }

    @Test
    @Order(7)
    void crossSiteActionsAreRefusedAndChangeNothing() throws Exception {
        Response evil = admin("POST", API + "/0/drain", "Origin: http://evil.example");
        assertEquals(403, evil.status);
        assertEquals("403 Forbidden: cross-site request refused: Origin http://evil.example is not this server's\n", evil.text());
        Response site = admin("PUT", API + "/0/weight", "Sec-Fetch-Site: cross-site");
        assertEquals(403, site.status);
        assertEquals("403 Forbidden: cross-site request refused: Sec-Fetch-Site cross-site\n", site.text());
        assertEquals(403, admin("DELETE", API + "/0/override", "Origin: null").status);
        assertEquals(plain(0, A) + "\n", AdminJson.withoutTraffic(admin("GET", API + "/0").text()));
        A.clear();
        sequence(3);
        assertEquals(1, A.receivedCount(), "a still takes its share");

        Response own = admin("POST", API + "/0/drain", "Origin: http://127.0.0.1:" + port(), "Sec-Fetch-Site: same-origin");
        assertEquals(200, own.status, "the balancer's own origin: " + own.text());
        assertEquals(200, admin("POST", API + "/0/undrain").status);
    }

    @Test
    @Order(8)
    void wrongMethodsUnknownIdsAndUnknownPaths() throws Exception {
        for (String action : List.of("drain", "undrain", "disable", "enable", "check")) {
            Response r = admin("GET", API + "/0/" + action);
            assertEquals(405, r.status, action);
            assertEquals("POST", r.header("Allow"));
            assertEquals("405 Method Not Allowed: " + API + "/0/" + action + " takes POST only\n", r.text());
        }
        assertEquals("PUT", admin("POST", API + "/0/weight").header("Allow"));
        assertEquals("DELETE", admin("POST", API + "/0/override").header("Allow"));
        assertEquals("GET", admin("POST", API).header("Allow"));
        assertEquals("GET", admin("DELETE", API + "/0").header("Allow"));

        Response unknown = admin("POST", API + "/3/drain");
        assertEquals(404, unknown.status);
        assertEquals("404 Not Found: no backend with the id 3: lb.backends has 3, with the ids 0, 1 ... in its order\n",
                unknown.text());
        assertEquals(404, admin("GET", API + "/x").status);
        assertEquals(404, admin("DELETE", API + "/-1/override").status);
        assertEquals(404, admin("POST", API + "/0/reboot").status);
        assertEquals(404, admin("GET", "/_lb/api/servers").status);
        assertEquals(404, admin("GET", API + "/0/check/now").status);
        assertEquals("{\"backends\":[" + plain(0, A) + "," + plain(1, B) + "," + plain(2, C) + "],\"queued\":0}\n", list());
    }

    @Test
    @Order(9)
    void checkNowAnswersWithTheCheckOrSaysActiveChecksAreOff() throws Exception {
        Response off = admin("POST", API + "/1/check");
        assertEquals(409, off.status);
        assertEquals("409 Conflict: active health checks are off (lb.health.path is empty)\n", off.text());

        LiveConfig.set("lb.health.interval", "1h"); // only the checks this test asks for
        LiveConfig.set("lb.health.path", "/healthz");
        LiveConfig.awaitStatus(port(), "\"healthPath\":\"/healthz\"");
        B.clear();
        Response check = admin("POST", API + "/1/check");
        assertEquals(200, check.status, check.text());
        assertTrue(check.text().startsWith("{\"passed\":true,\"outcome\":\"HTTP 200\",\"backend\":{\"id\":1,"), check.text());
        assertTrue(check.text().contains("\"health\":{\"up\":true,\"lastCheck\":\"HTTP 200\"}"), check.text());
        assertEquals("/healthz", B.next().target);

        B.close();
        Response refused = admin("POST", API + "/1/check");
        assertTrue(refused.text().startsWith("{\"passed\":false,\"outcome\":\"connection refused\""), refused.text());
        assertTrue(refused.text().contains("\"state\":\"up\""), "one failed check of the 3 in a row lb.health.fall needs");
    }
}
