package lb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import org.junit.jupiter.api.Test;

import lb.testing.TestCertificate;

class TrustStoreFileTest {
    private static final TestCertificate A = TestCertificate.of("trust-a", "a.test", "dns:a.test");
    private static final TestCertificate B = TestCertificate.of("trust-b", "b.test", "dns:b.test,ip:127.0.0.1");
    private static final Path DIR = A.pem().getParent();

    @Test
    void aPemFileWithSeveralCertificatesAndTextAroundThem() throws Exception {
        Path bundle = DIR.resolve("bundle.pem");
        Files.writeString(bundle, "# a.test\n" + Files.readString(A.pem()) + "\n# b.test, CRLF line ends\r\n"
                + Files.readString(B.pem()).replace("\n", "\r\n") + "trailing words\n");
        assertEquals(List.of(A.certificate(), B.certificate()), TrustStoreFile.read(bundle.toString(), ""));
    }

    @Test
    void aPkcs12TrustStoreWithItsPassword() throws Exception {
        Path store = A.trustStore("store-pass");
        assertEquals(List.of(A.certificate()), TrustStoreFile.read(store.toString(), "store-pass"));
        assertBad(store.toString(), "wrong", "a PKCS12 file that lb.tls.trust-store-password does not open");
    }

    @Test
    void aKeyStoreTrustsTheCertificateOfItsKeyEntry() throws Exception {
        assertEquals(List.of(B.certificate()), TrustStoreFile.read(B.p12().toString(), B.password()));
    }

    @Test
    void filesThatHoldNoCertificateAreRefusedWithTheReason() throws Exception {
        assertBad(DIR.resolve("missing.pem").toString(), "", "no such file");
        Path text = Files.writeString(DIR.resolve("text.pem"), "not a certificate\n");
        assertBad(text.toString(), "", "expected a PEM file of certificates or a PKCS12 file");
        String pem = Files.readString(A.pem());
        Path cut = Files.writeString(DIR.resolve("cut.pem"), pem + pem.substring(0, pem.length() / 2));
        assertBad(cut.toString(), "", "certificate 2 has no valid END line");
        Path broken = Files.writeString(DIR.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertBad(broken.toString(), "", "certificate 1 is not an X.509 certificate");
        Path empty = DIR.resolve("empty.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (OutputStream out = Files.newOutputStream(empty)) {
            store.store(out, "x".toCharArray());
        }
        assertBad(empty.toString(), "x", "it holds no certificate");
    }

    private static void assertBad(String path, String password, String messageStart) {
        BadValueException e = assertThrows(BadValueException.class, () -> TrustStoreFile.read(path, password));
        if (!e.getMessage().startsWith(messageStart)) {
            assertEquals(messageStart, e.getMessage());
        }
    }
}
