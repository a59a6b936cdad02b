package lb.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The certificates of {@code lb.tls.trust-store}: a PEM file with one or more certificates (as
 * nginx's {@code proxy_ssl_trusted_certificate} takes), or a PKCS12 file.
 */
public final class TrustStoreFile {
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    /** Text around the blocks (a CA bundle's comments) and other blocks (a key) are no certificates: skipped. */
    private static final Pattern BLOCK = Pattern.compile(
            Pattern.quote(BEGIN) + "([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

    private TrustStoreFile() {
    }

    /** @param password for a PKCS12 file; "" for none */
    public static List<X509Certificate> read(String path, String password) throws BadValueException {
        byte[] content;
        try {
            content = Files.readAllBytes(Path.of(path));
        } catch (NoSuchFileException | InvalidPathException e) {
            throw new BadValueException("no such file");
        } catch (IOException e) {
            throw new BadValueException("cannot read it: " + e);
        }
        String text = new String(content, StandardCharsets.ISO_8859_1);
        List<X509Certificate> certificates = text.contains(BEGIN) ? parsePem(text) : parsePkcs12(content, password);
        if (certificates.isEmpty()) {
            throw new BadValueException("it holds no certificate");
        }
        return certificates;
    }

    static List<X509Certificate> parsePem(String text) throws BadValueException {
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(1));
            } catch (IllegalArgumentException e) {
                throw new BadValueException("certificate " + (certificates.size() + 1) + " is not valid base64");
            }
            certificates.add(certificate(der, certificates.size() + 1));
        }
        long begins = text.split(Pattern.quote(BEGIN), -1).length - 1L;
        if (begins != certificates.size()) {
            throw new BadValueException("certificate " + (certificates.size() + 1) + " has no valid END line");
        }
        return certificates;
    }

    private static X509Certificate certificate(byte[] der, int number) throws BadValueException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new BadValueException("certificate " + number + " is not an X.509 certificate: " + e.getMessage());
        }
    }

    /**
     * Every certificate entry, and the first certificate of every key entry, as the JDK's own
     * trust managers read a key store.
     */
    static List<X509Certificate> parsePkcs12(byte[] content, String password) throws BadValueException {
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(content), password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new BadValueException("a PKCS12 file that " + Key.TLS_TRUST_STORE_PASSWORD.key() + " does not open");
            }
            throw new BadValueException("expected a PEM file of certificates or a PKCS12 file (" + e.getMessage() + ")");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate c = store.isCertificateEntry(alias) ? store.getCertificate(alias)
                        : store.isKeyEntry(alias) && store.getCertificateChain(alias) != null ? store.getCertificateChain(alias)[0]
                        : null;
                if (c instanceof X509Certificate x) certificates.add(x);
            }
        } catch (GeneralSecurityException e) {
            throw new BadValueException("cannot read its entries: " + e.getMessage());
        }
        return certificates;
    }
}
