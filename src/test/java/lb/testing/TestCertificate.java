package lb.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed key and certificate made for a test run by the JDK's keytool, in a PKCS12 file
 * under target/ with a password new for every run, and the certificate as PEM beside it;
 * nothing of it is in the repository.
 *
 * @param p12      the key store: private key and certificate, entry {@code alias}
 * @param pem      the certificate alone, PEM
 * @param password of {@code p12}
 */
public record TestCertificate(Path p12, Path pem, String alias, String password) {
    private static final Path DIR = Path.of(System.getProperty("lb.certDir", "target/test-certs"));
    private static final Map<String, TestCertificate> MADE = new ConcurrentHashMap<>();

    /**
     * One per alias and test JVM (keytool takes over a second a run).
     *
     * @param names the certificate's subject alternative names, keytool's syntax: {@code dns:localhost,ip:127.0.0.1}
     */
    public static TestCertificate of(String alias, String commonName, String names) {
        return MADE.computeIfAbsent(alias, a -> generate(a, commonName, names));
    }

    private static TestCertificate generate(String alias, String commonName, String names) {
        try {
            Files.createDirectories(DIR);
            Path p12 = DIR.resolve(alias + ".p12").toAbsolutePath();
            Path pem = DIR.resolve(alias + ".pem").toAbsolutePath();
            Files.deleteIfExists(p12);
            String password = UUID.randomUUID().toString();
            keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=" + commonName, "-ext", "SAN=" + names,
                    "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", password);
            TestCertificate made = new TestCertificate(p12, pem, alias, password);
            Files.writeString(pem, pem(made.keyStore().getCertificate(alias).getEncoded()), StandardCharsets.US_ASCII);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As keytool -exportcert -rfc writes it. */
    public static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    /** A PKCS12 trust store with this certificate as a trusted entry, as keytool -importcert makes it. */
    public Path trustStore(String storePassword) {
        Path file = DIR.resolve(alias + "-trust.p12").toAbsolutePath();
        try (OutputStream out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(alias, certificate());
            store.store(out, storePassword.toCharArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate certificate() {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore keyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    /** For a server that presents this certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(), password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For a client that trusts this certificate alone. */
    public SSLContext clientContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(alias, certificate());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the keytool of the JDK running the tests. */
    private static void keytool(String... args) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
