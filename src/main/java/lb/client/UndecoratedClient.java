package lb.client;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.client.Client;

import org.glassfish.jersey.client.JerseyClient;
import org.glassfish.jersey.client.JerseyClientBuilder;

/**
 * Builds a Jersey client without the providers a server slips into every Jersey client through
 * auto-discovery. Payara registers its telemetry request filter that way (a Jersey
 * {@code ForcedAutoDiscoverable}, so {@code jersey.config.disableAutoDiscovery} does not stop it);
 * with tracing off it still looked up HK2 services on every forwarded request, 7.7% of the
 * balancer's CPU. Discovery reads {@code META-INF/services} through the thread's context class
 * loader, so the client is built and initialized under one that answers for those two files with
 * an empty one (no file at all would send Jersey on to its own class loader, which sees Payara's).
 */
public final class UndecoratedClient {
    private static final Set<String> DISCOVERY = Set.of(
            "META-INF/services/org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable",
            "META-INF/services/org.glassfish.jersey.internal.spi.AutoDiscoverable");
    private static final URL NO_SERVICES = UndecoratedClient.class.getResource("no-services");

    private UndecoratedClient() {
    }

    public static Client build(JerseyClientBuilder builder) {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        thread.setContextClassLoader(new WithoutDiscovery(original));
        try {
            JerseyClient client = builder.build();
            // Discovery runs now, under this loader, instead of at the first request.
            client.preInitialize();
            return client;
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    private static final class WithoutDiscovery extends ClassLoader {
        WithoutDiscovery(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return DISCOVERY.contains(name) ? Collections.enumeration(List.of(NO_SERVICES)) : super.getResources(name);
        }

        @Override
        public URL getResource(String name) {
            return DISCOVERY.contains(name) ? NO_SERVICES : super.getResource(name);
        }
    }
}
