package lb.client;

import javax.net.ssl.SSLException;

/** The TLS handshake with a backend failed; the message says why in a few words (the certificate, the name, ...). */
public final class TlsHandshakeException extends SSLException {
    TlsHandshakeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The handshake failure in words: why the certificate was refused, when it was. */
    public static TlsHandshakeException of(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BackendTrust.Refused refused) {
                return new TlsHandshakeException(refused.getMessage(), e);
            }
        }
        return new TlsHandshakeException(e.getMessage(), e);
    }
}
