package lb.client;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import lb.config.Key;

/**
 * Checks a backend's certificate against the JDK's trust store plus {@code lb.tls.trust-store}:
 * one PKIX trust manager over both sets of trust anchors, which also checks the host name (the
 * socket asks for it). A refusal says which of the two failed: the chain, or the name.
 */
final class BackendTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;

    private BackendTrust(X509ExtendedTrustManager pkix) {
        this.pkix = pkix;
    }

    /** The JVM's trust anchors (javax.net.ssl.trustStore, or the JDK's cacerts), and {@code extra}. */
    static BackendTrust of(List<X509Certificate> extra) throws GeneralSecurityException {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        try {
            anchors.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        int n = 0;
        for (X509Certificate c : x509(jvmDefault()).getAcceptedIssuers()) anchors.setCertificateEntry("jvm-" + n++, c);
        for (X509Certificate c : extra) anchors.setCertificateEntry("lb-" + n++, c);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(anchors);
        return new BackendTrust((X509ExtendedTrustManager) x509(factory));
    }

    private static TrustManagerFactory jvmDefault() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return factory;
    }

    private static X509TrustManager x509(TrustManagerFactory factory) {
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509TrustManager x) return x;
        }
        throw new IllegalStateException("no X.509 trust manager from " + factory.getAlgorithm());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            SSLSession session = socket instanceof SSLSocket s ? s.getHandshakeSession() : null;
            throw refused(chain, authType, e, session == null ? null : session.getPeerHost());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw refused(chain, authType, e, engine == null ? null : engine.getPeerHost());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw refused(chain, authType, e, null);
        }
    }

    /** Only on the failure path: the chain is checked once more without the name, to tell which failed. */
    private CertificateException refused(X509Certificate[] chain, String authType, CertificateException e, String host) {
        if (chain == null || chain.length == 0) {
            return new Refused("the backend sent no certificate", e);
        }
        X509Certificate leaf = chain[0];
        String subject = leaf.getSubjectX500Principal().getName();
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException chainFailed) {
            return new Refused(chainProblem(leaf, subject, chainFailed), chainFailed);
        }
        return new Refused("certificate does not match " + (host == null ? "the backend's name" : host)
                + " (it is for " + names(leaf) + ")", e);
    }

    private static String chainProblem(X509Certificate leaf, String subject, CertificateException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "certificate of " + subject + " has expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "certificate of " + subject + " is not valid yet";
            }
            if (t instanceof CertPathBuilderException) {
                return "certificate of " + subject + " is not trusted: its issuer " + leaf.getIssuerX500Principal().getName()
                        + " is neither in the JDK's trust store nor in " + Key.TLS_TRUST_STORE.key();
            }
        }
        return "certificate of " + subject + " refused: " + e.getMessage();
    }

    /** The DNS names and addresses the certificate is for, or its subject when it lists none. */
    private static String names(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> name : alternatives) {
                    int type = (Integer) name.get(0);
                    if (type == 2 || type == 7) names.add(String.valueOf(name.get(1))); // dNSName, iPAddress
                }
            }
        } catch (CertificateParsingException e) {
            // listed as if it had none
        }
        return names.isEmpty() ? leaf.getSubjectX500Principal().getName() : String.join(", ", names);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the balancer's client checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the balancer's client checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the balancer's client checks servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    /** Why a backend's certificate was refused, in words for the 502 body and the log. */
    static final class Refused extends CertificateException {
        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
