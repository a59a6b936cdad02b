package bench;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS with every default in place, as a user's own application would have it. */
@ApplicationPath("/")
public class TrivialApplication extends Application {
}
