package lb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Payara Micro that the test starts itself, as an operator would, for what Arquillian's adapter
 * cannot do: watch the port from before the launch, send signals, an HTTPS listener. lb.war with
 * the shipped command files unless {@link Launch} says otherwise; output goes to a log file the
 * test reads, as an operator reads the server log.
 */
public final class PayaraMicro implements AutoCloseable {
    private static final Path CONFIG = Path.of("server-config/payara").toAbsolutePath();
    private static final Pattern LEVEL = Pattern.compile("\\[levelValue: (\\d+)]");

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

    /** A command file shipped in server-config/payara, e.g. "preboot-tls.asadmin". */
    public static Path shipped(String file) {
        return CONFIG.resolve(file);
    }

    /** A start with the shipped preboot-loopback, postboot and postdeploy files; change what the test needs. */
    public static Launch launch() {
        return new Launch();
    }

    /** How to start it: which command files, configuration source, environment and more options. */
    public static final class Launch {
        private Path preboot = shipped("preboot-loopback.asadmin");
        private Path postboot = shipped("postboot.asadmin");
        private Path postdeploy = shipped("postdeploy.asadmin");
        private final List<String> options = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private List<String> jvmOptions = List.of();
        private List<String> gridOptions = List.of("--nohazelcast");

        private Launch() {
        }

        public Launch preboot(Path file) {
            preboot = file.toAbsolutePath();
            return this;
        }

        public Launch postboot(Path file) {
            postboot = file.toAbsolutePath();
            return this;
        }

        /** As member {@code member} of {@code grid}, instead of on its own ({@code --nohazelcast}). */
        public Launch grid(LoopbackGrid grid, int member) {
            jvmOptions = List.of("-Dhazelcast.socket.bind.any=false");
            gridOptions = grid.options(member);
            return this;
        }

        /** Without one that enables the listeners, the port never opens (the preboot files disable them). */
        public Launch postdeploy(Path file) {
            postdeploy = file.toAbsolutePath();
            return this;
        }

        /**
         * The test runs' configuration, as the Arquillian tests have it: {@link LiveConfig}'s
         * secrets directory, and the post-boot file with {@link AdminUser}.
         */
        public Launch liveConfig() {
            postboot = AdminUser.postboot();
            options.addAll(List.of("--secretsdir", LiveConfig.dir().toString()));
            return this;
        }

        public Launch environment(Map<String, String> values) {
            environment.putAll(values);
            return this;
        }

        /** More Payara Micro options, e.g. "--sslcert", "alias". */
        public Launch options(String... more) {
            options.addAll(List.of(more));
            return this;
        }

        /** Starts lb.war with the HTTP listener on {@code port} and returns at once, while it boots. */
        public PayaraMicro start(int port, Path log) throws IOException {
            String java = ProcessHandle.current().info().command().orElseThrow();
            List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar",
                    Path.of(System.getProperty("payara.microJar", "target/payara-micro.jar")).toAbsolutePath().toString()));
            command.addAll(gridOptions);
            command.addAll(List.of("--port", Integer.toString(port),
                    "--prebootcommandfile", preboot.toString(),
                    "--postbootcommandfile", postboot.toString(),
                    "--postdeploycommandfile", postdeploy.toString(),
                    "--deploy", Path.of(System.getProperty("lb.war", "target/lb.war")).toAbsolutePath().toString()));
            command.addAll(options);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Files.createDirectories(log.toAbsolutePath().getParent());
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            return new PayaraMicro(builder.start(), port, log);
        }
    }

    /**
     * A Payara Micro data grid on 127.0.0.1 only, as README's Running several instances shows it:
     * TCP/IP discovery of a fixed member list (never multicast), each member on its own port.
     *
     * @param name  the cluster's name, new for every test run so that no other grid joins
     * @param ports each member's data grid port
     */
    public record LoopbackGrid(String name, List<Integer> ports) {
        public static LoopbackGrid create(String name, int members) throws IOException {
            List<Integer> ports = new ArrayList<>();
            while (ports.size() < members) {
                int p = freePort();
                if (!ports.contains(p)) ports.add(p);
            }
            return new LoopbackGrid(name, List.copyOf(ports));
        }

        List<String> options(int member) {
            StringBuilder list = new StringBuilder("tcpip:");
            for (int p : ports) list.append(list.length() > "tcpip:".length() ? "," : "").append("127.0.0.1:").append(p);
            return List.of("--clustername", name, "--clustermode", list.toString(), "--interfaces", "127.0.0.1",
                    "--hzpublicaddress", "127.0.0.1", "--startport", Integer.toString(ports.get(member)));
        }
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    /** Its output so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /**
     * The log level (java.util.logging's value: 900 WARNING, 1000 SEVERE) of the first log record
     * holding {@code text}, waiting up to {@code seconds} for one. " ready in " comes once lb.war
     * is deployed and the post-deploy file has run.
     */
    public int awaitLog(String text, int seconds) throws IOException, InterruptedException {
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
                throw new IOException("Payara Micro ended (exit " + process.exitValue() + ") before logging '" + text + "':\n" + logTail(40));
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no '" + text + "' in " + log + " within " + seconds + " s");
            }
            Thread.sleep(100);
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
