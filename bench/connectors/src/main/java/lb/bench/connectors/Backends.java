package lb.bench.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;

import org.glassfish.jersey.client.ClientProperties;

import lb.client.ExactRequest;
import lb.client.Header;

/**
 * The three nginx backends, taken in turn, and one GET to them as lb.proxy.BackendClient sends
 * it: a cached WebTarget per origin, the timeouts as per-request properties (lb.timeout.connect
 * and lb.timeout.read defaults) and, for the balancer's connector, the ExactRequest.
 */
final class Backends {
    static final int COUNT = 3;
    static final int BODY_BYTES = 128;
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int READ_TIMEOUT_MS = 60_000;

    private final WebTarget[] targets = new WebTarget[COUNT];
    private final String[] hosts = new String[COUNT];
    private final boolean exact;

    Backends(Client client, Connector connector, int firstPort) {
        for (int i = 0; i < COUNT; i++) {
            hosts[i] = "127.0.0.1:" + (firstPort + i);
            targets[i] = client.target("http://" + hosts[i]);
        }
        this.exact = connector == Connector.LB;
    }

    /** The request to the backend whose turn the {@code n}th is. */
    Invocation.Builder request(long n) {
        int i = (int) (n % COUNT);
        Invocation.Builder b = targets[i].request()
                .property(ClientProperties.CONNECT_TIMEOUT, CONNECT_TIMEOUT_MS)
                .property(ClientProperties.READ_TIMEOUT, READ_TIMEOUT_MS);
        if (exact) {
            // As lb.proxy.Forwarder: the request line and header lines the backend is to get, Host first.
            b.property(ExactRequest.PROPERTY, new ExactRequest("GET", "/", List.of(new Header("Host", hosts[i])), ExactRequest.NO_BODY));
        }
        return b;
    }

    /** Reads the answer's body to its end and closes it; throws unless it is the 200 with the 128 bytes. */
    static void consume(Response response, byte[] buffer) throws IOException {
        try (response) {
            if (response.getStatus() != 200) {
                throw new IOException("status " + response.getStatus());
            }
            InputStream in = response.readEntity(InputStream.class);
            int total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
            if (total != BODY_BYTES) {
                throw new IOException(total + " body bytes");
            }
        }
    }
}
