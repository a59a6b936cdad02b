package lb.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

import javax.net.ssl.SSLHandshakeException;

import jakarta.ws.rs.ProcessingException;

import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

import lb.balancing.Backend;
import lb.client.ConnectTimeoutException;
import lb.client.TlsHandshakeException;

class FailureTest {
    private static final Backend B = new Backend(0, "http://b:1", "http", "b", 1, "", 1);

    @Test
    void causesMapToStatusAndMessage() {
        assertFailure(Failure.REFUSED, 502, "connection refused by backend http://b:1", new ConnectException("refused"));
        assertFailure(Failure.CONNECT_TIMEOUT, 504, "timed out connecting to backend http://b:1", new ConnectTimeoutException("slow"));
        assertFailure(Failure.READ_TIMEOUT, 504, "timed out waiting for a response from backend http://b:1", new SocketTimeoutException("Read timed out"));
        assertFailure(Failure.BROKEN, 502, "no valid response from backend http://b:1", new NoHttpResponseException("nothing"));
        assertFailure(Failure.BROKEN, 502, "no valid response from backend http://b:1", new IOException("garbage"));
        assertFailure(Failure.TLS, 502, "TLS handshake failed with backend http://b:1: certificate does not match b",
                TlsHandshakeException.of(new SSLHandshakeException("certificate does not match b")));
    }

    private static void assertFailure(Failure expected, int status, String message, Throwable cause) {
        Failure f = Failure.of(new ProcessingException(cause));
        assertEquals(expected, f);
        assertEquals(status, f.status());
        assertEquals(message, f.describe(B, cause));
    }
}
