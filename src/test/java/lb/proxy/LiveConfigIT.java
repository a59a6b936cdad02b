package lb.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import lb.testing.AdminJson;
import lb.testing.AdminUser;
import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.RawBackend;
import lb.testing.RawBackend.Exchange;
import lb.testing.RawClient;

/** Settings changed while the balancer runs take effect; bad ones leave the last good ones in force. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveConfigIT extends BalancerIT {
    private static final RawBackend A;
    private static final RawBackend B;

    static {
        A = backend("a");
        B = backend("b");
        LiveConfig.reset(Map.of("lb.backends", A.url()));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    @Test
    @Order(1)
    void backendListChangesWithoutRestart() throws Exception {
        assertEquals("a", RawClient.get(port(), "GET", "/").header("X-Backend"));
        LiveConfig.set("lb.backends", B.url());
        LiveConfig.awaitStatus(port(), B.url());
        assertEquals("b", RawClient.get(port(), "GET", "/").header("X-Backend"));
    }

    @Test
    @Order(2)
    void badValuesLeaveTheLastGoodConfigurationInForce() throws Exception {
        LiveConfig.set("lb.timeout.read", "30s");
        LiveConfig.awaitStatus(port(), "\"timeoutRead\":\"30s\"");
        LiveConfig.set("lb.timeout.read", "forever");
        LiveConfig.set("lb.backends", "ftp://nowhere");
        LiveConfig.set("lb.preserve-host", "true");
        LiveConfig.awaitStatus(port(), "\"preserveHost\":true");
        String status = AdminJson.withoutTraffic(RawClient.get(port(), "GET", "/_lb/status", AdminUser.AUTHORIZATION).text());
        assertEquals("{\"backends\":[{\"id\":0,\"index\":0,\"url\":\"" + B.url() + "\",\"weight\":1,\"state\":\"up\",\"inFlight\":0,"
                + "\"configuredWeight\":1,\"override\":null,\"health\":{\"up\":true,\"lastCheck\":\"not checked yet\"},"
                + "\"ejections\":0,\"cluster\":null}],"
                + "\"queued\":0,\"cluster\":null,\"noBackendReason\":null,\"timeoutConnect\":\"2s\",\"timeoutRead\":\"30s\","
                + "\"preserveHost\":true,\"strategy\":\"round-robin\",\"hashKey\":\"client-address\",\"stickyCookie\":\"\","
                + "\"healthPath\":\"\",\"maxRequests\":0,\"queueSize\":100,\"queueTimeout\":\"2s\","
                + "\"trustedProxies\":[],\"limitRequestLine\":\"8k\",\"limitRequestHeaders\":\"32k\","
                + "\"limitResponseHeaders\":\"32k\",\"clientMaxConnections\":0,\"upgrade\":true,\"websocketIdle\":\"1h\","
                + "\"rateLimit\":\"0\",\"rateBurst\":0,\"rateKey\":\"client-address\",\"rateMaxClients\":100000,"
                + "\"tlsTrustStore\":\"\",\"tlsTrusted\":0,\"tlsVerify\":true,"
                + "\"accessLogPath\":\"\",\"accessLogFormat\":\"combined\",\"accessLogDropped\":0}\n", status);
        assertEquals("b", RawClient.get(port(), "GET", "/").header("X-Backend"));
    }

    @Test
    @Order(3)
    void basePathAndPreservedHost() throws Exception {
        LiveConfig.set("lb.preserve-host", "true");
        LiveConfig.set("lb.backends", A.url() + "/api/v1/");
        LiveConfig.awaitStatus(port(), A.url() + "/api/v1/");
        A.clear();
        RawClient.get(port(), "GET", "/orders/7?x=%2F", "Host: shop.example");
        Exchange got = A.next();
        assertEquals("/api/v1/orders/7?x=%2F", got.target);
        assertEquals("shop.example", got.header("Host"));
        assertEquals("shop.example", got.header("X-Forwarded-Host"));

        LiveConfig.set("lb.preserve-host", "false");
        LiveConfig.awaitStatus(port(), "\"preserveHost\":false");
        RawClient.get(port(), "GET", "/", "Host: shop.example");
        got = A.next();
        assertEquals("/api/v1/", got.target);
        assertEquals("127.0.0.1:" + A.port(), got.header("Host"));
    }
}
