package lb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import lb.testing.AdminUser;
import lb.testing.LiveConfig;
import lb.testing.PayaraMicro;
import lb.testing.RawBackend;
import lb.testing.RawBackend.Exchange;
import lb.testing.RawClient;
import lb.testing.TestCertificate;

/**
 * TLS at both ends, on a real Payara Micro started with an HTTPS listener: the front with the
 * shipped preboot-tls.asadmin and postdeploy-tls.asadmin and a key store of the test's, HTTP/2
 * and HTTP/1.1 over it; and backends over https with self-signed certificates made by the test,
 * trusted or not.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsIT {
    private static final int WARNING = 900;
    private static final int SEVERE = 1000;
    /** The balancer's own certificate, for the name and the address its clients use. */
    private static final TestCertificate FRONT = TestCertificate.of("front", "localhost", "dns:localhost,ip:127.0.0.1");
    /** A backend's, for "localhost" only: reached as 127.0.0.1, its name does not match. */
    private static final TestCertificate BACKEND = TestCertificate.of("backend", "localhost", "dns:localhost");

    private static final Map<HttpClient.Version, HttpClient> CLIENTS = new EnumMap<>(HttpClient.Version.class);
    /** What the HTTPS port answered, every 50 ms from the launch until its fifth answer. */
    private static final Set<String> BOOT = new LinkedHashSet<>();

    private static RawBackend plain;
    private static RawBackend tls;
    private static PayaraMicro server;
    private static int sslPort;

    @BeforeAll
    static void start() throws Exception {
        plain = RawBackend.start("plain");
        tls = RawBackend.startTls("tls", BACKEND.serverContext());
        // One backend, failing on purpose: not ejected for it.
        LiveConfig.reset(Map.of("lb.backends", plain.url(), "lb.outlier.consecutive", "0"));
        Path preboot = Path.of("target", "tls-it", "preboot-tls-loopback.asadmin");
        Files.createDirectories(preboot.getParent());
        Files.writeString(preboot, Files.readString(PayaraMicro.shipped("preboot-tls.asadmin"))
                + "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1\n"
                + "set configs.config.server-config.network-config.network-listeners.network-listener.https-listener.address=127.0.0.1\n");
        sslPort = PayaraMicro.freePort();
        server = PayaraMicro.launch().preboot(preboot).postdeploy(PayaraMicro.shipped("postdeploy-tls.asadmin")).liveConfig()
                .environment(Map.of("LB_TLS_PORT", Integer.toString(sslPort),
                        "LB_TLS_KEYSTORE", FRONT.p12().toString(), "LB_TLS_KEYSTORE_PASSWORD", FRONT.password()))
                .options("--sslcert", FRONT.alias())
                .start(PayaraMicro.freePort(), Path.of("target", "tls-it", "payara.log"));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        for (int answered = 0; answered < 5 && server.process().isAlive() && System.nanoTime() < end; Thread.sleep(50)) {
            String seen = probe();
            BOOT.add(seen);
            if (!seen.equals("refused")) answered++;
        }
        server.awaitLog(" ready in ", 10);
        plain.clear();
    }

    /** "refused", or "STATUS BODY" of an answer over HTTPS. */
    private static String probe() throws Exception {
        try {
            HttpResponse<String> r = get(HttpClient.Version.HTTP_1_1, "/boot");
            return r.statusCode() + " " + r.body();
        } catch (ConnectException e) {
            return "refused";
        } catch (IOException e) {
            return "broken: " + e;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        plain.close();
        tls.close();
    }

    @Test
    @Order(0)
    void theHttpsPortIsClosedUntilTheWarIsDeployed() {
        assertEquals(List.of("refused", "200 plain"), List.copyOf(BOOT));
    }

    @Test
    @Order(1)
    void http2OverTlsAtTheFrontIsForwardedAsHttp11WithTheSchemeHttps() throws Exception {
        HttpResponse<String> h2 = get(HttpClient.Version.HTTP_2, "/h2?x=1");
        assertEquals(HttpClient.Version.HTTP_2, h2.version());
        assertEquals(200, h2.statusCode());
        assertEquals("plain", h2.body());
        Exchange seen = plain.next();
        assertEquals("HTTP/1.1", seen.version);
        assertEquals("/h2?x=1", seen.target);
        assertEquals("https", seen.header("X-Forwarded-Proto"));
        assertEquals(Integer.toString(sslPort), seen.header("X-Forwarded-Port"));
        assertEquals("localhost:" + sslPort, seen.header("X-Forwarded-Host"));
        assertEquals("2.0 lb", seen.header("Via"));
        // The preboot file's rules hold on the HTTPS listener too: none of Payara's own headers.
        assertEquals(Optional.empty(), h2.headers().firstValue("X-Frame-Options"));
        assertEquals(Optional.empty(), h2.headers().firstValue("Server"));

        HttpResponse<String> h1 = get(HttpClient.Version.HTTP_1_1, "/h1");
        assertEquals(HttpClient.Version.HTTP_1_1, h1.version());
        assertEquals("plain", h1.body());
        assertEquals(Optional.empty(), h1.headers().firstValue("X-Frame-Options"));
        assertEquals(Optional.empty(), h1.headers().firstValue("Server"));
        seen = plain.next();
        assertEquals("https", seen.header("X-Forwarded-Proto"));
        assertEquals("1.1 lb", seen.header("Via"));

        assertEquals("plain", RawClient.get(server.port(), "GET", "/clear").text());
        assertEquals("http", plain.next().header("X-Forwarded-Proto"));
    }

    @Test
    @Order(2)
    void aBackendCertificateOfNoTrustedIssuerIsRefused() throws Exception {
        use("https://localhost:" + tls.port());
        RawClient.Response refused = RawClient.get(server.port(), "GET", "/");
        assertEquals(502, refused.status);
        assertEquals("502 Bad Gateway: TLS handshake failed with backend https://localhost:" + tls.port()
                + ": certificate of CN=localhost is not trusted: its issuer CN=localhost is neither in the JDK's trust"
                + " store nor in lb.tls.trust-store\n", refused.text());
        assertEquals(0, tls.receivedCount());
    }

    @Test
    @Order(3)
    void trustedThroughAPemTrustStoreItIsServedAndGetsItsNameBySni() throws Exception {
        LiveConfig.set("lb.tls.trust-store", BACKEND.pem().toString());
        LiveConfig.awaitStatus(server.port(), "\"tlsTrustStore\":\"" + BACKEND.pem() + "\",\"tlsTrusted\":1");
        RawClient.Response served = RawClient.get(server.port(), "GET", "/trusted");
        assertEquals(200, served.status);
        assertEquals("tls", served.text());
        assertEquals("localhost", tls.next().serverName());
    }

    @Test
    @Order(4)
    void aTrustedCertificateForAnotherNameIsRefused() throws Exception {
        use("https://127.0.0.1:" + tls.port());
        RawClient.Response refused = RawClient.get(server.port(), "GET", "/");
        assertEquals(502, refused.status);
        assertEquals("502 Bad Gateway: TLS handshake failed with backend https://127.0.0.1:" + tls.port()
                + ": certificate does not match 127.0.0.1 (it is for localhost)\n", refused.text());
    }

    @Test
    @Order(5)
    void verifyOffTakesAnyCertificateWithAWarning() throws Exception {
        LiveConfig.set("lb.tls.verify", "false");
        LiveConfig.awaitStatus(server.port(), "\"tlsVerify\":false");
        assertEquals(WARNING, server.awaitLog("lb.tls.verify is false: certificates of https backends are not checked", 5));
        tls.clear();
        assertEquals("tls", RawClient.get(server.port(), "GET", "/unverified").text());
        assertNull(tls.next().serverName(), "no SNI for an address");
    }

    @Test
    @Order(6)
    void aBadTrustStoreIsLoggedAndTheLastGoodOneStays() throws Exception {
        LiveConfig.set("lb.tls.verify", "true");
        use("https://localhost:" + tls.port());
        String missing = BACKEND.pem() + ".missing";
        LiveConfig.set("lb.tls.trust-store", missing);
        assertEquals(SEVERE, server.awaitLog("bad value for lb.tls.trust-store '" + missing + "': no such file; keeping "
                + BACKEND.pem(), 10));
        LiveConfig.awaitStatus(server.port(), "\"tlsVerify\":true");
        assertEquals("tls", RawClient.get(server.port(), "GET", "/kept").text());
    }

    @Test
    @Order(7)
    void aPkcs12TrustStoreWithItsPasswordFromTheSecretsDirectory() throws Exception {
        LiveConfig.set("lb.tls.trust-store", "");
        LiveConfig.awaitStatus(server.port(), "\"tlsTrustStore\":\"\"");
        assertEquals(502, RawClient.get(server.port(), "GET", "/").status);
        Path store = BACKEND.trustStore("store-secret");
        LiveConfig.set("lb.tls.trust-store-password", "store-secret");
        LiveConfig.set("lb.tls.trust-store", store.toString());
        LiveConfig.awaitStatus(server.port(), "\"tlsTrustStore\":\"" + store + "\",\"tlsTrusted\":1");
        assertEquals("tls", RawClient.get(server.port(), "GET", "/p12").text());
        // The admin page says where the password comes from, never what it is.
        String overview = RawClient.get(server.port(), "GET", "/_lb/api/overview", AdminUser.AUTHORIZATION).text();
        assertTrue(overview.contains("{\"key\":\"lb.tls.trust-store-password\",\"value\":\"(hidden)\",\"source\":\"Directory\""),
                overview);
        assertFalse(overview.contains("store-secret"), overview);
    }

    @Test
    @Order(8)
    void healthChecksTrustWhatRequestsTrust() throws Exception {
        tls.route("/health", x -> x.respond(200, List.of(), new byte[0]));
        LiveConfig.set("lb.health.path", "/health");
        LiveConfig.set("lb.health.interval", "200ms");
        LiveConfig.set("lb.tls.trust-store", "");
        LiveConfig.awaitStatus(server.port(), "\"state\":\"down (health check: TLS handshake failed: certificate of"
                + " CN=localhost is not trusted");
        LiveConfig.set("lb.tls.trust-store", BACKEND.pem().toString());
        LiveConfig.awaitStatus(server.port(), "\"state\":\"up\"");
    }

    /** Makes {@code url} the only backend, and waits until the balancer uses it. */
    private static void use(String url) throws Exception {
        LiveConfig.set("lb.backends", url);
        LiveConfig.awaitStatus(server.port(), "\"url\":\"" + url + "\"");
    }

    private static HttpResponse<String> get(HttpClient.Version version, String path) throws Exception {
        HttpClient client = CLIENTS.computeIfAbsent(version, v -> HttpClient.newBuilder().version(v)
                .sslContext(FRONT.clientContext()).connectTimeout(Duration.ofSeconds(60)).build());
        // Long timeouts: on 2 busy cores the first request over TLS took 13 s (handshake, HTTP/2 and
        // the servlet set up), and its handshake alone over 5 s. A closed port is refused at once.
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + sslPort + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
