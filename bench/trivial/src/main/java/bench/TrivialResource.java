package bench;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The least a JAX-RS resource can do: answer 128 bytes. The yardstick for the proxy's inbound side. */
@Path("s/{any: .*}")
@ApplicationScoped
public class TrivialResource {
    static final byte[] BODY = "x".repeat(128).getBytes();

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public byte[] get() {
        return BODY;
    }
}
