package lb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Payara Server domain of its own, run with asadmin as an operator runs one: created with an
 * admin password new for every run and ports from a free port base, every listener on 127.0.0.1
 * (server-config/payara-server/loopback.sed, applied before the first start), stopped with
 * asadmin stop-domain and, should that fail, by its PID.
 */
public final class PayaraServerDomain implements AutoCloseable {
    private static final String NAME = "lb";
    /** The ports create-domain --portbase takes, as offsets from the base. */
    private static final int[] OFFSETS = {9, 37, 38, 39, 48, 49, 59, 66, 76, 80, 81, 86};

    private final Path asadmin;
    private final Path dir;
    private final int portBase;
    private final Path passwordFile;
    private final String password = UUID.randomUUID().toString();
    private long pid;

    private PayaraServerDomain(Path home, Path dir) throws IOException {
        this.asadmin = home.resolve("bin/asadmin");
        this.dir = dir;
        this.portBase = freePortBase();
        this.passwordFile = dir.resolve("admin-password");
        Files.createDirectories(dir);
        Files.writeString(passwordFile, "AS_ADMIN_PASSWORD=" + password + "\n");
    }

    /**
     * Creates the domain in {@code dir} (emptied first) from the server in {@code home} (the
     * unpacked payara6 directory) and starts it.
     */
    public static PayaraServerDomain start(Path home, Path dir, Path loopbackSed) throws IOException, InterruptedException {
        deleteTree(dir);
        PayaraServerDomain domain = new PayaraServerDomain(home, dir);
        domain.run("create-domain", "--domaindir", dir.toString(), "--portbase", Integer.toString(domain.portBase), NAME);
        Path domainXml = dir.resolve(NAME).resolve("config/domain.xml");
        domain.exec(List.of("sed", "-i", "-f", loopbackSed.toString(), domainXml.toString()));
        Path pidFile = dir.resolve(NAME).resolve("config/pid");
        try {
            domain.run("start-domain", "--domaindir", dir.toString(), NAME);
            domain.pid = Long.parseLong(Files.readString(pidFile).trim());
            return domain;
        } catch (IOException | InterruptedException | RuntimeException e) {
            // A start that failed or timed out may still have left a server running.
            if (Files.exists(pidFile)) {
                domain.pid = Long.parseLong(Files.readString(pidFile).trim());
                domain.close();
            }
            throw e;
        }
    }

    public int adminPort() {
        return portBase + 48;
    }

    public int httpPort() {
        return portBase + 80;
    }

    /** A remote asadmin command against this domain; its output. */
    public String asadmin(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", Integer.toString(adminPort())));
        args.addAll(List.of(command));
        return run(args.toArray(String[]::new));
    }

    /**
     * An asadmin command through the REST admin interface, as the admin console and remote tools
     * send it: POST to {@code /management/domain/<path>} with form parameters. Its JSON answer,
     * after checking it reports success.
     */
    public String rest(String path, Map<String, String> parameters) throws IOException, InterruptedException {
        String form = parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort() + "/management/domain/" + path))
                .timeout(Duration.ofSeconds(60))
                .header("X-Requested-By", "lb-tests")
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"exit_code\":\"SUCCESS\"")) {
            throw new IOException("REST " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (pid == 0) return;
        try {
            run("stop-domain", "--domaindir", dir.toString(), NAME);
        } finally {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().join();
            });
            pid = 0;
        }
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(asadmin.toString(), "--user", "admin", "--passwordfile", passwordFile.toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    /**
     * Runs a command to its end (at most 4 minutes). Its output goes through a file: start-domain
     * leaves the server running with the command's output handles, so a pipe would never end.
     */
    private String exec(List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve("command.out");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("still running after 4 minutes: " + command);
        }
        String output = Files.readString(out);
        Files.writeString(dir.resolve("commands.log"), String.format("$ %s (%.1f s)%n%s", String.join(" ", command),
                        (System.nanoTime() - start) / 1e9, output),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (p.exitValue() != 0) throw new IOException("exit " + p.exitValue() + " from " + command + ":\n" + output);
        return output;
    }

    private static int freePortBase() {
        for (int tries = 0; tries < 50; tries++) {
            int base = ThreadLocalRandom.current().nextInt(200, 600) * 100;
            if (allFree(base)) return base;
        }
        throw new IllegalStateException("no free port base between 20000 and 60000");
    }

    private static boolean allFree(int base) {
        for (int offset : OFFSETS) {
            try (ServerSocket s = new ServerSocket(base + offset, 1, InetAddress.getLoopbackAddress())) {
                s.getLocalPort();
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
