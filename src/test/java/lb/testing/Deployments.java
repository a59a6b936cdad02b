package lb.testing;

import java.io.File;
import java.net.URL;
import java.util.Map;
import java.util.stream.Collectors;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The lb.war that {@code mvn package} built, with a test's configuration inside. */
public final class Deployments {
    private Deployments() {
    }

    public static WebArchive lbWar(Map<String, String> config) {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("lb.war", "target/lb.war")));
        String properties = config.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        return war.addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties");
    }

    /** The balancer's port, from the URL Arquillian reports (its host may be a public name). */
    public static int port(URL deployment) {
        return deployment.getPort();
    }
}
