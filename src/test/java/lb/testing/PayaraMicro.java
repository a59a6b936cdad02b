package lb.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Micro that the test starts itself, as an operator would, with the shipped command
 * files, for tests that must watch it boot or send it signals (Arquillian does both its own way).
 * Configuration comes as environment variables ({@code LB_BACKENDS}); output goes to a log file.
 */
public final class PayaraMicro implements AutoCloseable {
    private static final Path CONFIG = Path.of("server-config/payara").toAbsolutePath();

    private final Process process;
    private final int port;
    private final Path log;

    private PayaraMicro(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** A port nothing listens on right now, on 127.0.0.1. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts lb.war on {@code port} and returns at once, while it boots. */
    public static PayaraMicro start(int port, Map<String, String> environment, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m",
                "-jar", Path.of(System.getProperty("payara.microJar", "target/payara-micro.jar")).toAbsolutePath().toString(),
                "--nohazelcast", "--port", Integer.toString(port),
                "--prebootcommandfile", CONFIG.resolve("preboot-loopback.asadmin").toString(),
                "--postbootcommandfile", CONFIG.resolve("postboot.asadmin").toString(),
                "--postdeploycommandfile", CONFIG.resolve("postdeploy.asadmin").toString(),
                "--deploy", Path.of(System.getProperty("lb.war", "target/lb.war")).toAbsolutePath().toString()));
        builder.environment().putAll(environment);
        Files.createDirectories(log.getParent());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new PayaraMicro(builder.start(), port, log);
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    /** The last lines of its output, for a failure message. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills it if a test left it running, and waits until it is gone. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Payara Micro " + process.pid() + " still running 30 s after SIGKILL");
        }
    }
}
