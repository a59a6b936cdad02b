package lb.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import lb.testing.AdminUser;
import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.RawBackend;
import lb.testing.RawClient;
import lb.testing.RawClient.Response;

/** The admin page's files and its overview on a real Payara Micro (the page in a browser: src/test/browser/run.sh). */
class AdminPageIT extends BalancerIT {
    private static final RawBackend A;
    private static final RawBackend B;

    static {
        A = backend("a");
        B = backend("b");
        LiveConfig.reset(Map.of("lb.backends", A.url() + "," + B.url(), "lb.queue.size", "7"));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    private Response admin(String target, String... headerLines) throws IOException {
        String[] lines = Arrays.copyOf(headerLines, headerLines.length + 1);
        lines[headerLines.length] = AdminUser.AUTHORIZATION;
        return RawClient.get(port(), "GET", target, lines);
    }

    @Test
    void thePageAndItsFilesComeFromTheWarUnderAStrictPolicy() throws IOException {
        assertEquals(401, RawClient.get(port(), "GET", "/_lb/").status, "no credentials, no page");
        assertEquals(401, RawClient.get(port(), "GET", "/_lb/page.js").status);

        Response page = admin("/_lb/");
        assertEquals(200, page.status);
        assertEquals("text/html;charset=UTF-8", page.header("Content-Type"));
        assertTrue(page.text().contains("<script src=\"page.js\" defer></script>"), page.text());
        assertTrue(page.text().contains("<link rel=\"stylesheet\" href=\"page.css\">"));
        assertEquals(PageFiles.CONTENT_SECURITY_POLICY, page.header("Content-Security-Policy"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("no-cache", page.header("Cache-Control"));

        Response js = admin("/_lb/page.js");
        assertEquals(200, js.status);
        assertEquals("text/javascript;charset=UTF-8", js.header("Content-Type"));
        assertTrue(js.text().contains("api/backends"));
        assertEquals("text/css;charset=UTF-8", admin("/_lb/page.css").header("Content-Type"));
        assertEquals("image/svg+xml", admin("/_lb/icon.svg").header("Content-Type"));

        Response again = admin("/_lb/page.js", "If-None-Match: " + js.header("ETag"));
        assertEquals(304, again.status, "the browser's copy is current");
        assertEquals(0, again.body.length);

        assertEquals(404, admin("/_lb/page.jsx").status);
        assertEquals(404, admin("/_lb/WEB-INF/web.xml").status);
    }

    @Test
    void theOverviewHasTheQueueTheTrafficAndEverySettingWithItsSource() throws Exception {
        for (int i = 0; i < 6; i++) assertEquals(200, RawClient.get(port(), "GET", "/x").status);
        // the figures count complete 5-second slots only: wait for the one of these requests to end
        Thread.sleep(5_000 - System.currentTimeMillis() % 5_000 + 300);

        Response r = admin("/_lb/api/overview");
        assertEquals(200, r.status, r.text());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("no-store", r.header("Cache-Control"));
        String json = r.text();
        assertTrue(json.contains(",\"queued\":0,\"maxRequests\":0,\"queueSize\":7,"), json);
        // 6 requests within the last minute, admin requests left out
        assertTrue(json.contains("\"traffic\":{\"reqPerSec\":0.1,\"errorRate\":0,"), json);
        assertTrue(json.contains("\"backends\":[{\"id\":0,\"url\":\"" + A.url() + "\",\"start\":"), json);
        assertTrue(json.contains("{\"id\":1,\"url\":\"" + B.url() + "\",\"start\":"), json);
        assertTrue(json.contains("{\"key\":\"lb.backends\",\"value\":\"" + A.url() + "," + B.url()
                + "\",\"source\":\"Directory\",\"ordinal\":500,\"outranksConsole\":false}"), json);
        assertTrue(json.contains("{\"key\":\"lb.strategy\",\"value\":\"round-robin\",\"source\":\"default\",\"ordinal\":0,"
                + "\"outranksConsole\":false}"), json);

        String backends = admin("/_lb/api/backends").text();
        assertTrue(backends.contains("\"url\":\"" + A.url() + "\",\"weight\":1,\"state\":\"up\","), backends);
        assertTrue(backends.contains("\"ejections\":0,\"reqPerSec\":0.05,\"errorRate\":0,\"p50Ms\":"), "3 requests each: " + backends);
    }
}
