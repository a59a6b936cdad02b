package lb.proxy;

import java.util.Map;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Every path of the WAR belongs to JAX-RS; the WAR's context root is "/". */
@ApplicationPath("/")
public class ProxyApplication extends Application {

    /**
     * Jersey's settings (by name: on RESTEasy they mean nothing and Jersey's server classes are
     * absent). No WADL, so /application.wadl reaches the backends like any path; no bean
     * validation, which had nothing to validate but ran per request.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of(
                "jersey.config.server.wadl.disableWadl", true,
                "jersey.config.beanValidation.disable.server", true);
    }
}
