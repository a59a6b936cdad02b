package lb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import lb.testing.AdminUser;
import lb.testing.ClientLoop;
import lb.testing.PayaraMicro;
import lb.testing.PayaraMicro.LoopbackGrid;
import lb.testing.RawBackend;
import lb.testing.RawClient;

/**
 * Three Payara Micro processes in one data grid on 127.0.0.1, in front of three real backends
 * (README, Running several instances): a setting made once for the cluster, sticky cookies
 * across instances, health under the majority rule, ejections, overrides seen everywhere within
 * a second, one instance killed under load, and a fourth joining. Each instance checks the
 * backends' health on a path of its own ({@code /hc/N}), so a test can make a backend fail for
 * some instances only, as a network problem between one instance and one backend would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final long STARTED = System.nanoTime();
    private static final Path DIR = Path.of("target/cluster-it");
    /** Three boots at once on 2 busy cores took up to 190 s. */
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(300);
    /** "c@3": backend c fails the health checks of instance 3. */
    private static final Set<String> FAILING = ConcurrentHashMap.newKeySet();
    private static final PayaraMicro[] INSTANCE = new PayaraMicro[4];
    private static final long[] BOOT_MILLIS = new long[4];
    private static final Map<String, Long> MEASURED = new TreeMap<>();
    private static RawBackend a;
    private static RawBackend b;
    private static RawBackend c;
    private static LoopbackGrid grid;

    @BeforeAll
    static void bootThreeInstancesInOneGrid() throws Exception {
        a = backend("a").route("/eject", e -> e.respond(502, List.of("X-Backend: a"), "broken".getBytes(StandardCharsets.UTF_8)));
        b = backend("b");
        c = backend("c");
        grid = LoopbackGrid.create("lb-it-" + UUID.randomUUID().toString().substring(0, 8), 4);
        // The sticky cookie's name is set once, for the whole cluster, by the first instance's boot file.
        Path first = DIR.resolve("postboot-1.asadmin");
        Files.createDirectories(DIR);
        Files.writeString(first, Files.readString(AdminUser.postboot())
                + "set-config-property --source=cluster --propertyName=lb.sticky.cookie --propertyValue=LBID\n");
        start(0, first, Map.of());
        // The others start once the first one's grid port is open, so they join it rather than each other.
        awaitGridPort(grid.ports().get(0));
        start(1, AdminUser.postboot(), Map.of());
        start(2, AdminUser.postboot(), Map.of());
        for (int i = 0; i < 3; i++) awaitReady(i);
        for (int i = 0; i < 3; i++) {
            int n = i;
            await("3 members seen by instance " + (i + 1), Duration.ofSeconds(60), () -> members(status(n)) == 3 ? "" : null);
        }
    }

    private static RawBackend backend(String name) throws IOException {
        return RawBackend.start(name).route("/hc/", e -> {
            boolean fails = FAILING.contains(name + "@" + e.path().substring("/hc/".length()));
            e.respond(fails ? 503 : 200, List.of(), (fails ? "failing" : "ok").getBytes(StandardCharsets.UTF_8));
        });
    }

    private static void start(int i, Path postboot, Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of(
                "LB_BACKENDS", a.url() + "," + b.url() + "," + c.url(),
                "LB_HEALTH_PATH", "/hc/" + (i + 1),
                "LB_HEALTH_INTERVAL", "500ms",
                "LB_HEALTH_TIMEOUT", "1s",
                "LB_HEALTH_FALL", "2",
                "LB_HEALTH_RISE", "2",
                "LB_OUTLIER_CONSECUTIVE", "3",
                "LB_OUTLIER_BASE_EJECTION", "8s",
                "LB_SHUTDOWN_DRAIN", "0",
                "LB_SHUTDOWN_GRACE", "0"));
        env.putAll(extra);
        BOOT_MILLIS[i] = System.nanoTime();
        INSTANCE[i] = PayaraMicro.launch().postboot(postboot).grid(grid, i).environment(env)
                .start(PayaraMicro.freePort(), DIR.resolve("instance-" + (i + 1) + ".log"));
    }

    private static void awaitGridPort(int port) throws Exception {
        long end = System.nanoTime() + BOOT_LIMIT.toNanos();
        while (System.nanoTime() < end) {
            assertTrue(INSTANCE[0].process().isAlive(), () -> "instance 1 died while booting:\n" + INSTANCE[0].logTail(40));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the grid port of instance 1 did not open within " + BOOT_LIMIT + ":\n" + INSTANCE[0].logTail(40));
    }

    /** Until the admin status answers: the WAR is deployed and the port open. */
    private static void awaitReady(int i) throws Exception {
        long end = System.nanoTime() + BOOT_LIMIT.toNanos();
        while (System.nanoTime() < end) {
            assertTrue(INSTANCE[i].process().isAlive(), () -> "instance " + (i + 1) + " died while booting:\n" + INSTANCE[i].logTail(40));
            try {
                if (RawClient.get(INSTANCE[i].port(), "GET", "/_lb/status", AdminUser.AUTHORIZATION).status == 200) {
                    BOOT_MILLIS[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - BOOT_MILLIS[i]);
                    MEASURED.put("boot of instance " + (i + 1) + " with Hazelcast, ms", BOOT_MILLIS[i]);
                    return;
                }
            } catch (IOException notYet) {
                // refused until the WAR is deployed
            }
            Thread.sleep(200);
        }
        throw new AssertionError("instance " + (i + 1) + " not up within " + BOOT_LIMIT + ":\n" + INSTANCE[i].logTail(40));
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (PayaraMicro p : INSTANCE) {
            if (p != null) p.close();
        }
        for (RawBackend r : new RawBackend[] {a, b, c}) {
            if (r != null) r.close();
        }
        MEASURED.put("ClusterIT wall time, ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - STARTED));
        System.out.println("ClusterIT measured: " + MEASURED);
    }

    // ---- what the instances say -------------------------------------------------------------------

    private static int port(int i) {
        return INSTANCE[i].port();
    }

    private static String status(int i) throws IOException {
        RawClient.Response r = RawClient.get(port(i), "GET", "/_lb/status", AdminUser.AUTHORIZATION);
        assertEquals(200, r.status, () -> "instance " + (i + 1) + ": " + r.text());
        return r.text();
    }

    private static RawClient.Response call(int i, String method, String path, String body) throws IOException {
        return RawClient.send(port(i), method + " " + path + " HTTP/1.1\nHost: 127.0.0.1:" + port(i) + "\n"
                + AdminUser.AUTHORIZATION + "\nContent-Length: " + body.length() + "\nConnection: close\n\n" + body);
    }

    /** Grid members in a status document: their ids are strings, backends' ids numbers. */
    private static int members(String status) {
        return status.split("\\{\"id\":\"", -1).length - 1;
    }

    private static String thisMember(int i) throws IOException {
        return find(status(i), "\"thisMember\":\"([^\"]+)\"");
    }

    /** One backend's object in a status or api/backends document. */
    private static String backendIn(String json, int id) {
        int start = json.indexOf("{\"id\":" + id + ",\"index\":" + id + ",");
        assertTrue(start >= 0, json);
        int end = json.indexOf("{\"id\":" + (id + 1) + ",\"index\":", start);
        return json.substring(start, end >= 0 ? end : json.indexOf("],\"queued\"", start));
    }

    private static String state(int i, int backend) throws IOException {
        return find(backendIn(status(i), backend), "\"state\":\"([^\"]*)\"");
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), () -> regex + " not in " + text);
        return m.group(1);
    }

    /** Which backend answered each of n GETs through instance i (with the extra header lines). */
    private static Map<String, Integer> spread(int i, int n, String path, String... headers) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (int k = 0; k < n; k++) {
            RawClient.Response r = RawClient.get(port(i), "GET", path, headers);
            assertEquals(200, r.status, () -> r.text());
            counts.merge(r.header("X-Backend"), 1, Integer::sum);
        }
        return counts;
    }

    private static String sequence(int i, int n) throws IOException {
        List<String> s = new ArrayList<>();
        for (int k = 0; k < n; k++) s.add(RawClient.get(port(i), "GET", "/seq").header("X-Backend"));
        return String.join(" ", s);
    }

    /** Polls until {@code check} gives a non-null answer; fails with the last state after {@code limit}. */
    private static String await(String what, Duration limit, IoSupplier<String> check) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            String seen = check.get();
            if (seen != null) return seen;
            if (System.nanoTime() > end) throw new AssertionError("not within " + limit + ": " + what);
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    // ---- the tests ----------------------------------------------------------------------------------

    @Test
    @Order(1)
    void everyInstanceListsTheGridAndHasTheSettingMadeOnceForTheCluster() throws Exception {
        for (int i = 0; i < 3; i++) {
            int n = i;
            String status = status(i);
            assertTrue(status.contains("\"cluster\":{\"name\":\"" + grid.name() + "\""), status);
            assertEquals(3, members(status), status);
            assertEquals(3, status.split("\"balancer\":true", -1).length - 1, status);
            assertTrue(status.contains("\"address\":\"127.0.0.1:" + grid.ports().get(i) + "\",\"self\":true"), status);
            await("lb.sticky.cookie from the cluster source on instance " + (i + 1), Duration.ofSeconds(30),
                    () -> status(n).contains("\"stickyCookie\":\"LBID\"") ? "" : null);
        }
        String overview = call(2, "GET", "/_lb/api/overview", "").text();
        assertTrue(overview.contains("{\"key\":\"lb.sticky.cookie\",\"value\":\"LBID\",\"source\":\"Cluster\",\"ordinal\":160,"),
                overview);
    }

    @Test
    @Order(2)
    void aStickyCookieFromOneInstanceKeepsItsBackendOnTheOthers() throws Exception {
        RawClient.Response first = RawClient.get(port(0), "GET", "/cart");
        String backend = first.header("X-Backend");
        String cookie = first.header("Set-Cookie");
        assertNotNull(cookie, "a Set-Cookie naming the backend");
        String pair = cookie.substring(0, cookie.indexOf(';'));
        assertTrue(pair.startsWith("LBID="), cookie);
        for (int i = 1; i < 3; i++) {
            assertEquals(Map.of(backend, 6), spread(i, 6, "/cart", "Cookie: " + pair), "through instance " + (i + 1));
        }
    }

    /** A failed test leaves no backend failing for the next one. */
    @AfterEach
    void everyBackendPassesEveryCheck() {
        FAILING.clear();
    }

    @Test
    @Order(3)
    void aBackendThatOnlyOneInstanceFindsDownStaysInOnTheOthers() throws Exception {
        FAILING.add("c@3");
        await("c down on instance 3", Duration.ofSeconds(20), () -> state(2, 2).equals("down (health check: HTTP 503)") ? "" : null);
        String three = thisMember(2);
        // instance 1 sees what instance 3 reports, and keeps c: 1 of 3 is no majority
        String report = await("instance 3's report of c on instance 1", Duration.ofSeconds(5), () -> {
            String c1 = backendIn(status(0), 2);
            return c1.contains("{\"member\":\"" + three + "\",\"address\":\"127.0.0.1:" + grid.ports().get(2)
                    + "\",\"up\":false,\"lastCheck\":\"HTTP 503\"") ? c1 : null;
        });
        assertTrue(report.contains("\"state\":\"up\""), report);
        assertTrue(report.contains("\"cluster\":{\"instances\":3,\"downVotes\":1,"), report);
        Thread.sleep(1_500); // three more check intervals: still no majority
        for (int i = 0; i < 2; i++) {
            assertEquals("up", state(i, 2));
            assertEquals(Map.of("a", 2, "b", 2, "c", 2), spread(i, 6, "/x"), "through instance " + (i + 1));
        }
        assertEquals(Map.of("a", 3, "b", 3), spread(2, 6, "/x"), "instance 3's own check counts for it");
    }

    @Test
    @Order(4)
    void aBackendThatAMajorityFindsDownIsOutOnEveryInstance() throws Exception {
        FAILING.clear();
        FAILING.add("c@1");
        FAILING.add("c@2");
        await("c down on instance 3 by the majority", Duration.ofSeconds(20),
                () -> state(2, 2).equals("down (2 of 3 instances: HTTP 503)") ? "" : null);
        String c3 = backendIn(status(2), 2);
        assertTrue(c3.contains("\"health\":{\"up\":true,\"lastCheck\":\"HTTP 200\"}"), "its own checks pass: " + c3);
        assertTrue(state(0, 2).startsWith("down"));
        assertTrue(state(1, 2).startsWith("down"));
        for (int i = 0; i < 3; i++) {
            assertEquals(Map.of("a", 3, "b", 3), spread(i, 6, "/x"), "through instance " + (i + 1));
        }

        FAILING.add("c@3");
        for (int i = 0; i < 3; i++) {
            int n = i;
            await("c down on instance " + (i + 1) + " by its own checks", Duration.ofSeconds(20),
                    () -> state(n, 2).equals("down (health check: HTTP 503)") ? "" : null);
        }
        await("3 down votes for c on instance 1", Duration.ofSeconds(5),
                () -> backendIn(status(0), 2).contains("\"downVotes\":3,") ? "" : null);

        FAILING.clear();
        for (int i = 0; i < 3; i++) {
            int n = i;
            await("c up again on instance " + (i + 1), Duration.ofSeconds(20), () -> state(n, 2).equals("up") ? "" : null);
        }
    }

    @Test
    @Order(5)
    void aBackendEjectedByTwoInstancesIsEjectedOnTheThird() throws Exception {
        for (int i = 0; i < 2; i++) {
            int n = i;
            await("a ejected by instance " + (i + 1), Duration.ofSeconds(20), () -> {
                spread(n, 3, "/eject"); // a's 502 is retried on another backend: every answer is a 200
                return state(n, 0).startsWith("ejected for") ? "" : null;
            });
        }
        String seen = await("a ejected on instance 3", Duration.ofSeconds(3), () -> {
            String s = state(2, 0);
            return s.matches("ejected for [0-9]+s more \\(2 of 3 instances\\)") ? s : null;
        });
        assertEquals(Map.of("b", 3, "c", 3), spread(2, 6, "/x"), "instance 3 never failed on a itself: " + seen);
        for (int i = 0; i < 3; i++) {
            int n = i;
            await("a back on instance " + (i + 1), Duration.ofSeconds(30), () -> state(n, 0).equals("up") ? "" : null);
        }
    }

    @Test
    @Order(6)
    void aDrainOnOneInstanceHoldsOnEveryOtherWithinASecond() throws Exception {
        RawClient.Response drained = call(0, "POST", "/_lb/api/backends/0/drain", "");
        long t0 = System.nanoTime();
        assertEquals(200, drained.status, drained.text());
        for (int i = 1; i < 3; i++) {
            int n = i;
            await("the drain on instance " + (i + 1), Duration.ofSeconds(1),
                    () -> backendIn(status(n), 0).contains("\"state\":\"drained (override)\"") ? "" : null);
            MEASURED.put("drain on instance 1 seen by instance " + (i + 1) + ", ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
        for (int i = 1; i < 3; i++) {
            String s = sequence(i, 6);
            assertTrue(s.equals("b c b c b c") || s.equals("c b c b c b"), "through instance " + (i + 1) + ": " + s);
        }
    }

    @Test
    @Order(7)
    void aWeightSetOnTheThirdInstanceHoldsOnEveryOtherWithinASecond() throws Exception {
        RawClient.Response weighted = call(2, "PUT", "/_lb/api/backends/1/weight", "3");
        long t0 = System.nanoTime();
        assertEquals(200, weighted.status, weighted.text());
        for (int i = 0; i < 2; i++) {
            int n = i;
            await("the weight on instance " + (i + 1), Duration.ofSeconds(1), () -> backendIn(status(n), 1)
                    .contains("\"override\":{\"drained\":false,\"disabled\":false,\"weight\":3}") ? "" : null);
            MEASURED.put("weight on instance 3 seen by instance " + (i + 1) + ", ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    @Test
    @Order(8)
    void killingAnInstanceUnderLoadFailsNoRequestOnTheOthersAndLosesNoState() throws Exception {
        ExecutorService loops = Executors.newFixedThreadPool(2);
        try {
            long[] killedAt = new long[1];
            Future<ClientLoop> one = loops.submit(() -> ClientLoop.run(port(0), "/load", 4, 3_000, Duration.ofSeconds(120), done -> {
                if (done == 600) {
                    INSTANCE[2].process().destroyForcibly(); // SIGKILL to its PID
                    killedAt[0] = System.nanoTime();
                }
            }));
            Future<ClientLoop> two = loops.submit(() -> ClientLoop.run(port(1), "/load", 4, 3_000, Duration.ofSeconds(120), done -> { }));
            for (Future<ClientLoop> f : List.of(one, two)) {
                ClientLoop loop = f.get(150, TimeUnit.SECONDS);
                assertEquals(List.of(), loop.failures);
                assertEquals(3_000, loop.total());
                assertEquals(0, loop.count("a"), "a is drained");
                assertEquals(3_000, loop.count("b") + loop.count("c"));
            }
            assertTrue(INSTANCE[2].process().waitFor(10, TimeUnit.SECONDS), "instance 3 is gone");
            for (int i = 0; i < 2; i++) {
                int n = i;
                await("2 members on instance " + (i + 1), Duration.ofSeconds(90), () -> members(status(n)) == 2 ? "" : null);
                MEASURED.put("instance 3 gone from the members of instance " + (i + 1) + ", ms",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt[0]));
                String status = status(i);
                assertTrue(backendIn(status, 0).contains("\"state\":\"drained (override)\""), status);
                assertTrue(backendIn(status, 1).contains("\"weight\":3,"), status);
            }
        } finally {
            loops.shutdownNow();
        }
    }

    @Test
    @Order(9)
    void aFourthInstanceJoiningTakesTheSharedStateUp() throws Exception {
        // weighted round robin there, so that the weight set on the dead instance 3 shows in its traffic
        start(3, AdminUser.postboot(), Map.of("LB_STRATEGY", "weighted-round-robin"));
        awaitReady(3);
        long ready = System.nanoTime();
        String status = await("the overrides and the cluster's setting on instance 4", Duration.ofSeconds(10), () -> {
            String s = status(3);
            return members(s) == 3 && s.contains("\"stickyCookie\":\"LBID\"")
                    && backendIn(s, 0).contains("\"state\":\"drained (override)\"")
                    && backendIn(s, 1).contains("\"override\":{\"drained\":false,\"disabled\":false,\"weight\":3}") ? s : null;
        });
        MEASURED.put("overrides and setting on instance 4 after its port opened, ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ready));
        assertTrue(status.contains("\"address\":\"127.0.0.1:" + grid.ports().get(3) + "\",\"self\":true"), status);
        assertEquals("b b c b b b c b", sequence(3, 8));
    }
}
