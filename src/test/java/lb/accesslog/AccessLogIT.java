package lb.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import lb.testing.AdminUser;
import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.RawBackend;
import lb.testing.RawClient;
import lb.testing.RawClient.Response;

/** The access log of a real balancer: its lines, a live switch to JSON, and a file it cannot write. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessLogIT extends BalancerIT {
    private static final Path DIR = Path.of("target/access-log-it").toAbsolutePath();
    /** Written as access.log.0: the default max-size rotates, and FileHandler numbers every file then. */
    private static final Path FILE = DIR.resolve("access.log.0");
    private static final RawBackend GOOD;
    /** Nothing listens there: connections are refused. */
    private static final int REFUSED_PORT;
    private static final Pattern COMBINED = Pattern.compile("(\\S+) - (\\S+) \\[([^\\]]+)\\] \"([^\"]*)\" (\\d{3}) (\\d+) "
            + "\"([^\"]*)\" \"([^\"]*)\" upstream=(\\S+) upstream_status=(\\S+) upstream_time=(\\S+) attempts=(\\d+) "
            + "request_time=(\\d+\\.\\d{3})(?: reason=(\\S+) why=\"([^\"]*)\")?");
    private static final String SECONDS = "\\d+\\.\\d{3}";

    static {
        try {
            if (Files.exists(DIR)) {
                try (Stream<Path> old = Files.walk(DIR)) {
                    for (Path p : (Iterable<Path>) old.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
                }
            }
            Files.createDirectories(DIR);
            GOOD = backend("good");
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                REFUSED_PORT = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        LiveConfig.reset(Map.of("lb.backends", GOOD.url(), "lb.outlier.consecutive", "0",
                "lb.access-log.path", DIR.resolve("access.log").toString()));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    private String good() {
        return "127.0.0.1:" + GOOD.port();
    }

    @Test
    @Order(1)
    void combinedLinesSayWhatHappened() throws Exception {
        Response normal = RawClient.get(port(), "GET", "/normal?a=1", "User-Agent: it \"quoted\"", "Referer: http://ref.example/");
        assertEquals(200, normal.status);
        Matcher m = combined(awaitLine("/normal?a=1"));
        assertEquals(List.of("127.0.0.1", "-", "GET /normal?a=1 HTTP/1.1", "200", "4", "http://ref.example/",
                "it \\x22quoted\\x22", good(), "200", "1"), groups(m, 1, 2, 4, 5, 6, 7, 8, 9, 10, 12));
        assertLocalTime(m.group(3));
        assertTrue(m.group(11).matches(SECONDS), m.group(11));
        assertTrue(m.group(13).matches(SECONDS), m.group(13));
        assertEquals(null, m.group(14));

        String refused = "http://127.0.0.1:" + REFUSED_PORT;
        LiveConfig.set("lb.backends", refused + "," + GOOD.url());
        LiveConfig.awaitStatus(port(), refused);
        // round robin: of two requests in a row, one meets the refusing backend first
        assertEquals(200, RawClient.get(port(), "GET", "/retry-1").status);
        assertEquals(200, RawClient.get(port(), "GET", "/retry-2").status);
        List<List<String>> retries = new ArrayList<>();
        for (String target : List.of("/retry-1", "/retry-2")) {
            Matcher r = combined(awaitLine(target));
            retries.add(groups(r, 5, 9, 10, 12, 14));
            assertTrue(r.group(11).matches(SECONDS + "(," + SECONDS + ")?"), r.group(11));
        }
        retries.sort(Comparator.comparing(l -> l.get(3)));
        assertEquals(List.of(Arrays.asList("200", good(), "200", "1", null),
                Arrays.asList("200", "127.0.0.1:" + REFUSED_PORT + "," + good(), "502,200", "2", null)), retries);

        LiveConfig.set("lb.backends", GOOD.url() + ";weight=0");
        LiveConfig.awaitStatus(port(), "\"weight\":0");
        Response noFit = RawClient.get(port(), "GET", "/no-fit");
        assertEquals(503, noFit.status);
        m = combined(awaitLine("/no-fit"));
        String why = "no backend is fit: " + GOOD.url() + " drained";
        assertEquals("503 Service Unavailable: " + why + "\n", noFit.text());
        assertEquals(List.of("503", String.valueOf(noFit.text().length()), "-", "-", "-", "0", "no-backend", why),
                groups(m, 5, 6, 9, 10, 11, 12, 14, 15));

        assertEquals(200, RawClient.get(port(), "GET", "/_lb/status?from=it", AdminUser.AUTHORIZATION).status);
        m = combined(awaitLine("/_lb/status?from=it"));
        assertEquals(List.of("127.0.0.1", AdminUser.NAME, "GET /_lb/status?from=it HTTP/1.1", "200", "-", "-", "-", "0"),
                groups(m, 1, 2, 4, 5, 9, 10, 11, 12));
        assertEquals(null, m.group(14));
    }

    @Test
    @Order(2)
    void jsonFromTheNextLineAfterALiveSwitch() throws Exception {
        LiveConfig.set("lb.backends", GOOD.url());
        LiveConfig.set("lb.access-log.format", "json");
        LiveConfig.awaitStatus(port(), "\"accessLogFormat\":\"json\"");
        LiveConfig.awaitStatus(port(), "\"weight\":1");
        assertEquals(200, RawClient.get(port(), "GET", "/json-1", "User-Agent: it\tjson").status);
        String line = awaitLine("\"target\":\"/json-1\"");
        String times = "\"time\":\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2})\"";
        assertTrue(line.matches("\\{" + times + ",.*"), line);
        String expected = "{\"time\":T,\"client\":\"127.0.0.1\",\"user\":null,\"method\":\"GET\",\"target\":\"/json-1\","
                + "\"protocol\":\"HTTP/1.1\",\"host\":\"127.0.0.1:" + port() + "\",\"status\":200,\"bytes_sent\":4,"
                + "\"referer\":null,\"user_agent\":\"it\\tjson\",\"upstream\":[\"" + good() + "\"],\"upstream_status\":[200],"
                + "\"upstream_time\":[S],\"attempts\":1,\"request_time\":S,\"reason\":null,\"why\":null}";
        assertEquals(expected, line.replaceFirst(times, "\"time\":T").replaceAll("(?<=[\\[:])" + SECONDS + "(?=[\\],])", "S"));
    }

    @Test
    @Order(3)
    void anUnwritableFileDropsAndCountsLinesAndRequestsGoOn() throws Exception {
        Path missing = DIR.resolve("no-such-dir").resolve("access.log");
        LiveConfig.set("lb.access-log.path", missing.toString());
        LiveConfig.awaitStatus(port(), "\"accessLogPath\":\"" + missing + "\"");
        long before = dropped();
        for (int i = 0; i < 5; i++) {
            Response r = RawClient.get(port(), "GET", "/unwritable-" + i);
            assertEquals(200, r.status);
            assertEquals("good", r.text());
        }
        // the status requests that read the count are logged, and dropped, too
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (dropped() < before + 5 && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(dropped() >= before + 5);
        assertTrue(Files.readString(FILE, StandardCharsets.US_ASCII).lines().noneMatch(l -> l.contains("/unwritable-")));
        // the metric follows within the writer's pause
        while (droppedMetric() < before + 5 && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(droppedMetric() >= before + 5);
    }

    private long droppedMetric() throws IOException {
        String metrics = RawClient.get(port(), "GET", "/_lb/metrics?scope=application").text();
        Matcher m = Pattern.compile("(?m)^lb_access_log_dropped_total(?:\\{[^}]*\\})? ([0-9.]+)$").matcher(metrics);
        assertTrue(m.find(), metrics);
        return (long) Double.parseDouble(m.group(1));
    }

    private long dropped() throws IOException {
        String status = RawClient.get(port(), "GET", "/_lb/status", AdminUser.AUTHORIZATION).text();
        Matcher m = Pattern.compile("\"accessLogDropped\":(\\d+)").matcher(status);
        assertTrue(m.find(), status);
        return Long.parseLong(m.group(1));
    }

    /** The line of the log file that contains {@code fragment}, waited for up to 10 s (the writer batches). */
    private static String awaitLine(String fragment) throws IOException, InterruptedException {
        for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
            if (Files.exists(FILE)) {
                List<String> found = Files.readAllLines(FILE, StandardCharsets.US_ASCII).stream()
                        .filter(l -> l.contains(fragment)).toList();
                if (found.size() == 1) return found.get(0);
                assertTrue(found.isEmpty(), "more than one line with " + fragment + ": " + found);
            }
        }
        throw new AssertionError("no line with " + fragment + " in " + FILE);
    }

    private static Matcher combined(String line) {
        Matcher m = COMBINED.matcher(line);
        assertTrue(m.matches(), line);
        return m;
    }

    private static List<String> groups(Matcher m, int... numbers) {
        List<String> values = new ArrayList<>();
        for (int n : numbers) values.add(m.group(n));
        return values;
    }

    /** nginx's $time_local, within a minute of now. */
    private static void assertLocalTime(String text) {
        ZonedDateTime t = ZonedDateTime.parse(text, DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH));
        long ageSeconds = Duration.between(t.toInstant(), Instant.now()).getSeconds();
        assertTrue(ageSeconds >= -1 && ageSeconds < 60, text);
    }
}
