package lb.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test class: the lb.war that {@code mvn package} built, deployed once to a real
 * Payara Micro; the configuration comes from {@link LiveConfig}, set in the subclass's static
 * initializer.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class BalancerIT {
    private static final List<AutoCloseable> STARTED = new ArrayList<>();

    static {
        AdminUser.prepare();
    }

    @ArquillianResource
    private URL deployment;

    /**
     * The archive each subclass deploys from its own {@code @Deployment} method: calling that
     * method initializes the subclass, so its backends and configuration exist before Payara boots.
     */
    protected static WebArchive lbWar() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("lb.war", "target/lb.war")));
    }

    /** A backend for the whole test class, stopped after its tests; for the class's static initializer. */
    protected static RawBackend backend(String name) {
        try {
            return stopAfterwards(RawBackend.start(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers a backend or socket the test class started, to be closed after its tests. */
    protected static <T extends AutoCloseable> T stopAfterwards(T started) {
        STARTED.add(started);
        return started;
    }

    @AfterAll
    static void stopStarted() throws Exception {
        for (AutoCloseable c : STARTED) c.close();
        STARTED.clear();
    }

    /** The balancer's port; the host Arquillian reports may be a public name, tests use 127.0.0.1. */
    protected int port() {
        return deployment.getPort();
    }
}
