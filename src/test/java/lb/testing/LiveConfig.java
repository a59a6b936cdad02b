package lb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The balancer's configuration as the tests set it: one file per key in the Payara Micro
 * secrets directory (--secretsdir in arquillian.xml), a MicroProfile Config source that the
 * running balancer re-reads, so a test changes a value without a restart, as an operator would.
 */
public final class LiveConfig {
    private static final Path DIR = Path.of(System.getProperty("lb.configDir", "target/it-config"));

    private LiveConfig() {
    }

    /** The directory for --secretsdir: absolute, as Payara Micro watches a relative one for nothing. */
    public static Path dir() {
        return DIR.toAbsolutePath();
    }

    /** Replaces the whole configuration; call before the deployment starts. */
    public static void reset(Map<String, String> values) {
        try {
            Files.createDirectories(DIR);
            try (Stream<Path> files = Files.list(DIR)) {
                for (Path f : (Iterable<Path>) files::iterator) Files.delete(f);
            }
            values.forEach(LiveConfig::set);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Written in place: Payara's secrets source does not see a file replaced by a rename. */
    public static void set(String key, String value) {
        try {
            Files.writeString(DIR.resolve(key), value, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (up to 15 s) until the balancer's status endpoint shows {@code fragment}. */
    public static void awaitStatus(int port, String fragment) throws IOException, InterruptedException {
        String last = "";
        for (long end = System.nanoTime() + 15_000_000_000L; System.nanoTime() < end; Thread.sleep(100)) {
            last = RawClient.get(port, "GET", "/_lb/status", AdminUser.AUTHORIZATION).text();
            if (last.contains(fragment)) return;
        }
        throw new AssertionError("status never showed " + fragment + "; last: " + last);
    }
}
