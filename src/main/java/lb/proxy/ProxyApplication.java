package lb.proxy;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Every path of the WAR belongs to JAX-RS; the WAR's context root is "/". */
@ApplicationPath("/")
public class ProxyApplication extends Application {
}
