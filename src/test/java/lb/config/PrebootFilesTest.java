package lb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Payara Micro takes one pre-boot file, so the loopback and TLS ones repeat preboot.asadmin:
 * a change to it must reach them, and the TLS file must give the HTTPS listener the same rules.
 * The listeners a pre-boot file disables, the post-deploy file started with it must enable.
 */
class PrebootFilesTest {
    private static final Path DIR = Path.of("server-config", "payara");

    @Test
    void theLoopbackAndTlsFilesDoEverythingPrebootDoes() throws IOException {
        List<String> base = commands("preboot.asadmin");
        for (String file : List.of("preboot-loopback.asadmin", "preboot-tls.asadmin")) {
            List<String> commands = commands(file);
            assertEquals(List.of(), base.stream().filter(c -> !commands.contains(c)).toList(), file + " lacks");
        }
    }

    @Test
    void theHttpsListenerGetsTheSameProtocolRulesAsTheHttpListener() throws IOException {
        List<String> tls = commands("preboot-tls.asadmin");
        List<String> missing = tls.stream().filter(c -> c.contains(".protocol.http-listener."))
                .map(c -> c.replace(".protocol.http-listener.", ".protocol.https-listener."))
                .filter(c -> !tls.contains(c)).toList();
        assertEquals(List.of(), missing);
    }

    @Test
    void eachPostDeployFileEnablesTheListenersItsPrebootFilesDisable() throws IOException {
        Map<String, String> postdeployOf = Map.of("preboot.asadmin", "postdeploy.asadmin",
                "preboot-loopback.asadmin", "postdeploy.asadmin", "preboot-tls.asadmin", "postdeploy-tls.asadmin");
        for (Map.Entry<String, String> files : postdeployOf.entrySet()) {
            List<String> enables = commands(files.getValue());
            List<String> disabled = commands(files.getKey()).stream().filter(c -> c.endsWith(".enabled=false")).toList();
            assertEquals(1, disabled.stream().filter(c -> c.contains(".network-listener.http-listener.")).count(), files.getKey());
            assertEquals(List.of(), disabled.stream().map(c -> c.replace(".enabled=false", ".enabled=true"))
                    .filter(c -> !enables.contains(c)).toList(), files.getValue() + " lacks, for " + files.getKey());
        }
    }

    private static List<String> commands(String file) throws IOException {
        return Files.readAllLines(DIR.resolve(file)).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
}
