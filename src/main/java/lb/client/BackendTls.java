package lb.client;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.List;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/** The TLS side of connections to https backends under one {@link TlsSettings}. */
public final class BackendTls {
    private final TlsSettings settings;
    private final SSLContext context;

    private BackendTls(TlsSettings settings, SSLContext context) {
        this.settings = settings;
        this.context = context;
    }

    static BackendTls of(TlsSettings settings) {
        try {
            TrustManager trust = settings.verify() ? BackendTrust.of(settings.trusted()) : new TrustAnything();
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return new BackendTls(settings, context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the backends with " + settings, e);
        }
    }

    public TlsSettings settings() {
        return settings;
    }

    /**
     * Shakes hands over {@code plain}, connected to {@code host}: the certificate checked for
     * that name (unless lb.tls.verify=false) and the name sent as SNI. The JDK sends SNI on its
     * own only for names with a dot, so not for "localhost" or a bare host name; never for an
     * address (RFC 6066 3).
     */
    SSLSocket handshake(Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        if (settings.verify()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        SNIHostName sni = sniName(host);
        if (sni != null) {
            parameters.setServerNames(List.of(sni));
        }
        socket.setSSLParameters(parameters);
        try {
            socket.startHandshake();
        } catch (SSLException e) {
            throw TlsHandshakeException.of(e);
        }
        return socket;
    }

    static SNIHostName sniName(String host) {
        if (host.contains(":") || host.matches("[0-9.]+")) {
            return null;
        }
        try {
            return new SNIHostName(host);
        } catch (IllegalArgumentException notAHostName) {
            return null;
        }
    }

    /** For the health checks (HttpsURLConnection): the same trust and, with verify off, no name check. */
    public void apply(HttpsURLConnection connection) {
        connection.setSSLSocketFactory(context.getSocketFactory());
        if (!settings.verify()) {
            connection.setHostnameVerifier((hostName, session) -> true);
        }
    }
}
