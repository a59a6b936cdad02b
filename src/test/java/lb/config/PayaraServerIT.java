package lb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import lb.testing.PayaraServerDomain;
import lb.testing.RawBackend;
import lb.testing.RawClient;
import lb.testing.Timeline;
import lb.testing.Timeline.Entry;

/**
 * lb.war on a real Payara Server (a domain with its DAS), set up as README's "Run it on Payara
 * Server" says: server-config/payara-server/lb.asadmin, asadmin deploy; then lb.backends changed
 * through the domain's REST admin interface, the interface the admin console and remote asadmin
 * use, while a client sends requests one after the other. The admin console itself, driven in a
 * browser, is checked by server-config/check-payara-server.sh.
 */
class PayaraServerIT {
    private static final Duration FOLLOW_WITHIN = Duration.ofSeconds(2);

    private static RawBackend a;
    private static RawBackend b;
    private static PayaraServerDomain domain;

    @BeforeAll
    static void deploy() throws Exception {
        a = RawBackend.start("a");
        b = RawBackend.start("b");
        domain = PayaraServerDomain.start(Path.of(System.getProperty("payara.serverHome")),
                Path.of(System.getProperty("lb.serverDomain")), Path.of(System.getProperty("lb.serverConfig"), "loopback.sed"));
        domain.asadmin("multimode", "--file", Path.of(System.getProperty("lb.serverConfig"), "lb.asadmin").toString());
        domain.asadmin("set-config-property", "--propertyName=lb.backends", "--propertyValue=" + a.url());
        domain.asadmin("deploy", System.getProperty("lb.war"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (domain != null) domain.close();
        } finally {
            if (a != null) a.close();
            if (b != null) b.close();
        }
    }

    @Test
    void backendListSetThroughTheRestInterfaceIsFollowedWithoutAFailedRequest() throws Exception {
        RawClient.Response first = RawClient.get(domain.httpPort(), "GET", "/");
        assertEquals("a", first.header("X-Backend"));
        assertNull(first.header("X-Powered-By"), "the command file's HTTP settings are in force without a restart");

        Timeline timeline = Timeline.start(domain.httpPort());
        Thread.sleep(1000);
        domain.rest("configs/config/server-config/microprofile-config/set-config-property",
                Map.of("propertyName", "lb.backends", "propertyValue", b.url()));
        long changed = System.nanoTime();
        for (long end = changed + Duration.ofSeconds(10).toNanos(); System.nanoTime() < end; Thread.sleep(50)) {
            if (timeline.answeredBy("b", changed)) break;
        }
        Thread.sleep(1000);
        List<Entry> entries = timeline.stop();

        assertEquals(List.of(), entries.stream().filter(e -> e.status() != 200).toList(), "failed requests");
        int firstB = entries.stream().map(Entry::backend).toList().indexOf("b");
        assertTrue(firstB > 0, "requests went to a, then to b: " + entries);
        long lagNanos = entries.get(firstB).sentNanos() - changed;
        assertTrue(lagNanos <= FOLLOW_WITHIN.toNanos(), "b answered " + lagNanos / 1_000_000 + " ms after the change");
        assertEquals(List.of("b"), entries.subList(firstB, entries.size()).stream().map(Entry::backend).distinct().toList(),
                "after the first request to b, every request went to b");
        System.out.printf("PayaraServerIT: %d requests, none failed; b answered %d ms after the REST call returned%n",
                entries.size(), lagNanos / 1_000_000);
    }
}
