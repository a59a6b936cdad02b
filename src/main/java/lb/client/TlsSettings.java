package lb.client;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * How the balancer's client checks the backends it reaches over https.
 *
 * @param trustStore the file {@code lb.tls.trust-store} named, for logs and the status page ("" for none)
 * @param trusted    the certificates read from it, trusted besides the JDK's trust store
 * @param verify     false: any certificate for any name is accepted ({@code lb.tls.verify=false})
 */
public record TlsSettings(String trustStore, List<X509Certificate> trusted, boolean verify) {
    public static final TlsSettings DEFAULT = new TlsSettings("", List.of(), true);

    public TlsSettings {
        trusted = List.copyOf(trusted);
    }

    /** Short: the settings are logged on every change, and certificates are long. */
    @Override
    public String toString() {
        return "TlsSettings[trustStore=" + (trustStore.isEmpty() ? "(none)" : trustStore + " (" + trusted.size() + " certificates)")
                + ", verify=" + verify + "]";
    }
}
