package lb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Payara Micro takes one pre-boot file, so the loopback and TLS ones repeat preboot.asadmin:
 * a change to it must reach them, and the TLS file must give the HTTPS listener the same rules.
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

    private static List<String> commands(String file) throws IOException {
        return Files.readAllLines(DIR.resolve(file)).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
}
