package lb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Payara Micro the test starts itself, for what Arquillian's adapter cannot start: an HTTPS
 * listener (--sslport) with a key store of the test's. The same lb.war, secrets directory
 * ({@link LiveConfig}) and post-boot file ({@link AdminUser}) as the Arquillian tests; its
 * output goes to a file the test can read, as an operator reads the server log.
 */
public final class PayaraServer implements AutoCloseable {
    private static final Pattern LEVEL = Pattern.compile("\\[levelValue: (\\d+)]");

    private final Process process;
    private final Path log;
    private final int port;
    private final int sslPort;

    private PayaraServer(Process process, Path log, int port, int sslPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.sslPort = sslPort;
    }

    /**
     * Boots Payara Micro with lb.war on free loopback ports and waits (up to 240 s) until it is ready.
     *
     * @param preboot     the pre-boot command file
     * @param environment added to the server's environment
     * @param options     more Payara Micro options
     */
    public static PayaraServer start(Path preboot, Map<String, String> environment, String... options) throws IOException {
        AdminUser.prepare();
        int port = freePort();
        int sslPort = freePort();
        Path dir = Path.of("target", "payara-server").toAbsolutePath();
        Files.createDirectories(dir);
        Path log = dir.resolve("server-" + sslPort + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", System.getProperty("payara.microJar", "target/payara-micro.jar"),
                "--deploy", Path.of(System.getProperty("lb.war", "target/lb.war")).toAbsolutePath().toString(),
                "--nohazelcast", "--port", Integer.toString(port), "--sslport", Integer.toString(sslPort),
                "--secretsdir", Path.of(System.getProperty("lb.configDir", "target/it-config")).toAbsolutePath().toString(),
                "--prebootcommandfile", preboot.toAbsolutePath().toString(),
                "--postbootcommandfile", Path.of(System.getProperty("lb.adminDir", "target/it-admin"))
                        .resolve("postboot.asadmin").toAbsolutePath().toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        PayaraServer server = new PayaraServer(builder.start(), log, port, sslPort);
        try {
            server.awaitLog(" ready in ", 240);
        } catch (IOException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public int sslPort() {
        return sslPort;
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The log level (java.util.logging's value: 900 WARNING, 1000 SEVERE) of the first log record
     * holding {@code text}, waiting up to {@code seconds} for one.
     */
    public int awaitLog(String text, int seconds) throws IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String all = log();
            int at = all.indexOf(text);
            if (at >= 0) {
                Matcher level = LEVEL.matcher(all.substring(0, at));
                int value = 0;
                while (level.find()) value = Integer.parseInt(level.group(1));
                return value;
            }
            if (!process.isAlive()) {
                throw new IOException("Payara Micro ended (exit " + process.exitValue() + ") before logging '" + text + "'; see " + log);
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no '" + text + "' in " + log + " within " + seconds + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    /** Stops the server by its process id, and waits for it to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
