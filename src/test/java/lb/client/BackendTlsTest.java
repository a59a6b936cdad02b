package lb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import lb.testing.RawBackend;
import lb.testing.TestCertificate;

/** Handshakes with a real TLS server on loopback whose certificate is for "localhost" only. */
class BackendTlsTest {
    private static final TestCertificate LOCALHOST = TestCertificate.of("backend", "localhost", "dns:localhost");
    private static final TlsSettings TRUSTING = new TlsSettings("backend.pem", List.of(LOCALHOST.certificate()), true);
    private static RawBackend backend;

    @BeforeAll
    static void start() throws IOException {
        backend = RawBackend.startTls("tls", LOCALHOST.serverContext());
    }

    @AfterAll
    static void stop() throws IOException {
        backend.close();
    }

    @Test
    void aTrustedCertificateForTheNamePassesAndTheNameIsSentAsSni() throws Exception {
        SSLSocket socket = handshake(TRUSTING, "localhost");
        assertEquals("localhost", request(socket).serverName());
    }

    @Test
    void aCertificateOfNoTrustedIssuerIsRefused() {
        TlsHandshakeException e = assertThrows(TlsHandshakeException.class, () -> handshake(TlsSettings.DEFAULT, "localhost"));
        assertEquals("certificate of CN=localhost is not trusted: its issuer CN=localhost is neither in the JDK's trust store"
                + " nor in lb.tls.trust-store", e.getMessage());
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefused() {
        TlsHandshakeException e = assertThrows(TlsHandshakeException.class, () -> handshake(TRUSTING, "127.0.0.1"));
        assertEquals("certificate does not match 127.0.0.1 (it is for localhost)", e.getMessage());
    }

    @Test
    void verifyOffTakesAnyCertificateForAnyNameAndAnAddressGetsNoSni() throws Exception {
        SSLSocket socket = handshake(new TlsSettings("", List.of(), false), "127.0.0.1");
        assertNull(request(socket).serverName());
    }

    @Test
    void theTrustStoreAddsToTheJdksTrustAnchors() throws Exception {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        Set<X509Certificate> expected = new java.util.HashSet<>(List.of(((X509TrustManager) jdk.getTrustManagers()[0]).getAcceptedIssuers()));
        assertTrue(expected.size() > 50, "the JDK's own trust anchors: " + expected.size());
        expected.add(LOCALHOST.certificate());
        assertEquals(expected, Set.of(BackendTrust.of(List.of(LOCALHOST.certificate())).getAcceptedIssuers()));
    }

    @Test
    void sniNamesAreHostNamesOnly() {
        assertEquals("localhost", BackendTls.sniName("localhost").getAsciiName());
        assertEquals("api.example", BackendTls.sniName("api.example").getAsciiName());
        assertNull(BackendTls.sniName("10.0.0.5"));
        assertNull(BackendTls.sniName("::1"));
        assertNull(BackendTls.sniName("under_score"));
    }

    @Test
    void theContextIsBuiltAgainOnlyWhenTheSettingsChange() {
        TlsContexts contexts = new TlsContexts();
        BackendTls first = contexts.of(TRUSTING);
        assertSame(first, contexts.of(TRUSTING));
        assertSame(first, contexts.of(new TlsSettings("backend.pem", List.of(LOCALHOST.certificate()), true)));
        assertNotSame(first, contexts.of(TlsSettings.DEFAULT));
    }

    @Test
    void aPooledConnectionIsNotReusedUnderOtherTlsSettings() throws Exception {
        ConnectionPool pool = new ConnectionPool();
        try {
            URI uri = URI.create("https://localhost:" + backend.port() + "/");
            BackendTls trusting = pool.tls(uri, TRUSTING);
            BackendConnection first = pool.lease(uri, 2_000, trusting);
            pool.release(first);
            assertSame(first, pool.lease(uri, 2_000, trusting));
            pool.release(first);
            BackendTls anything = pool.tls(uri, new TlsSettings("", List.of(), false));
            BackendConnection second = pool.lease(uri, 2_000, anything);
            assertNotSame(first, second);
            assertSame(anything, second.tls());
            second.close();
        } finally {
            pool.close();
        }
    }

    private static SSLSocket handshake(TlsSettings settings, String host) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", backend.port()), 2_000);
        try {
            return BackendTls.of(settings).handshake(plain, host, backend.port());
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    /** The server learns the SNI name with the handshake; a request shows what it learnt. */
    private static RawBackend.Exchange request(SSLSocket socket) throws Exception {
        try (socket) {
            backend.clear();
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return backend.next();
        }
    }
}
