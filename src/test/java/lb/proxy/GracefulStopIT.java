package lb.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import lb.testing.PayaraMicro;
import lb.testing.RawBackend;
import lb.testing.RawClient;

/**
 * Starting and stopping, seen from outside: a Payara Micro started by the test (not Arquillian,
 * which neither watches the port from before the launch nor sends signals) with the shipped
 * command files, polled from before it is launched, then stopped with SIGTERM while requests
 * are in flight.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GracefulStopIT {
    private static final long DRAIN_MS = 3_000;
    private static final long GRACE_MS = 6_000;
    private static final int HELD = 6;
    private static final byte[] BIG = new byte[256 * 1024];

    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static final List<String> BOOT = new ArrayList<>();
    private static RawBackend backend;
    private static PayaraMicro payara;

    @BeforeAll
    static void bootWhileWatchingThePort() throws Exception {
        Arrays.fill(BIG, (byte) 'x');
        backend = RawBackend.start("b")
                .route("/hold", e -> {
                    await(RELEASE);
                    e.respond(200, List.of("X-Backend: b"), BIG);
                })
                .route("/stuck", e -> {
                    await(NEVER);
                    e.respond(200, List.of(), "late".getBytes(StandardCharsets.UTF_8));
                });
        int port = PayaraMicro.freePort();
        Map<String, String> env = Map.of("LB_BACKENDS", backend.url(),
                "LB_SHUTDOWN_DRAIN", DRAIN_MS + "ms", "LB_SHUTDOWN_GRACE", GRACE_MS + "ms");
        String first = probe(port);
        assertEquals("refused", first, "something already listens on " + port);
        BOOT.add(first);
        payara = PayaraMicro.launch().environment(env).start(port, Path.of("target/graceful-stop/payara.log"));
        // Every answer from the launch on, until 20 after the first forwarded one.
        int afterUp = -1;
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(240); afterUp < 20 && System.nanoTime() < end; ) {
            assertTrue(payara.process().isAlive(), () -> "Payara Micro died while booting:\n" + payara.logTail(40));
            String seen = probe(port);
            BOOT.add(seen);
            if (afterUp >= 0 || seen.equals("200 b")) afterUp++;
            Thread.sleep(20);
        }
        assertTrue(afterUp >= 20, () -> "no forwarded answer within 240 s:\n" + payara.logTail(40));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "refused", "STATUS BACKEND" for a complete answer, or what else happened. */
    private static String probe(int port) {
        try {
            RawClient.Response r = RawClient.get(port, "GET", "/boot");
            return r.status + " " + (r.header("X-Backend") != null ? r.header("X-Backend")
                    : "(Payara: " + r.header("Content-Type") + ", " + r.body.length + " bytes)") + (r.complete ? "" : " incomplete");
        } catch (ConnectException e) {
            return "refused";
        } catch (IOException e) {
            return "broken: " + e;
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        RELEASE.countDown();
        NEVER.countDown();
        if (payara != null) payara.close();
        if (backend != null) backend.close();
    }

    @Test
    @Order(1)
    void untilTheWarIsDeployedTheConnectionIsRefusedThenRequestsAreForwarded() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String seen : BOOT) counts.merge(seen, 1, Integer::sum);
        System.out.println("GracefulStopIT boot, every 20 ms from before the launch: " + counts);
        assertEquals(List.of("refused", "200 b"), List.copyOf(counts.keySet()), counts.toString());
        int firstUp = BOOT.indexOf("200 b");
        assertTrue(BOOT.subList(firstUp, BOOT.size()).stream().allMatch("200 b"::equals), BOOT.subList(firstUp, BOOT.size()).toString());
    }

    @Test
    @Order(2)
    void onSigtermItDrainsThenRefusesNewRequestsAndFinishesThoseInFlight() throws Exception {
        int port = payara.port();
        ExecutorService clients = Executors.newCachedThreadPool();
        try {
            List<Future<RawClient.Response>> held = new ArrayList<>();
            for (int i = 0; i < HELD; i++) {
                String path = "/hold/" + i;
                held.add(clients.submit(() -> RawClient.get(port, "GET", path)));
            }
            Future<RawClient.Response> stuck = clients.submit(() -> RawClient.get(port, "GET", "/stuck"));
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    (backend.receivedCount("/hold") < HELD || backend.receivedCount("/stuck") < 1) && System.nanoTime() < end; ) {
                Thread.sleep(10);
            }
            assertEquals(HELD, backend.receivedCount("/hold"));
            assertEquals(1, backend.receivedCount("/stuck"));

            long t0 = System.nanoTime();
            payara.process().destroy(); // SIGTERM to its PID

            // Draining: readiness DOWN, requests still forwarded, each answer closing its connection.
            RawClient.Response ready = RawClient.get(port, "GET", "/_lb/health/ready");
            while (ready.status == 200 && elapsed(t0) < DRAIN_MS) {
                Thread.sleep(20);
                ready = RawClient.get(port, "GET", "/_lb/health/ready");
            }
            long downAt = elapsed(t0);
            assertEquals(503, ready.status, ready.text());
            assertTrue(ready.text().contains("the balancer is stopping"), ready.text());
            assertTrue(downAt < 1_000, "readiness DOWN " + downAt + " ms after SIGTERM");
            RawClient.Response during = RawClient.get(port, "GET", "/during");
            long duringAt = elapsed(t0);
            assertEquals("200 b close", during.status + " " + during.header("X-Backend") + " " + during.header("Connection"));
            assertTrue(duringAt < DRAIN_MS, "answered " + duringAt + " ms after SIGTERM, within the drain");

            // After the drain: refused, by the balancer or (never here, as Payara still runs) the closed port.
            sleepUntil(t0, DRAIN_MS + 300);
            String late;
            try {
                RawClient.Response r = RawClient.get(port, "GET", "/late");
                late = r.status + " " + r.header("Connection") + " " + r.text();
                assertEquals("503 close 503 Service Unavailable: the balancer is stopping\n", late);
            } catch (ConnectException refused) {
                late = "refused";
            }
            assertEquals(0, backend.receivedCount("/late"), "nothing new is forwarded after the drain");
            RawClient.Response stillDown = RawClient.get(port, "GET", "/_lb/health/ready");
            assertEquals(503, stillDown.status);

            // In flight: every held request completes once the backend answers, within the grace.
            sleepUntil(t0, DRAIN_MS + 1_000);
            RELEASE.countDown();
            for (Future<RawClient.Response> f : held) {
                RawClient.Response r = f.get(20, TimeUnit.SECONDS);
                assertEquals("200 b", r.status + " " + r.header("X-Backend"));
                assertTrue(r.complete);
                assertArrayEquals(BIG, r.body);
            }
            long heldDoneAt = elapsed(t0);

            // The one still running when the grace is over is cut, and the server stops.
            assertTrue(payara.process().waitFor(DRAIN_MS + GRACE_MS + 15_000, TimeUnit.MILLISECONDS),
                    () -> "still running:\n" + payara.logTail(30));
            long exitAt = elapsed(t0);
            String stuckEnd;
            try {
                RawClient.Response r = stuck.get(20, TimeUnit.SECONDS);
                stuckEnd = r.status + (r.complete ? " complete" : " incomplete");
            } catch (java.util.concurrent.ExecutionException e) {
                stuckEnd = e.getCause().toString();
            }
            System.out.printf("GracefulStopIT timeline (ms after SIGTERM): readiness DOWN %d, forwarded during drain %d,"
                    + " after drain '%s', held requests done %d, exit %d (status %d); stuck request: %s%n",
                    downAt, duringAt, late.trim(), heldDoneAt, exitAt, payara.process().exitValue(), stuckEnd);
            assertNotEquals("200 complete", stuckEnd, "a request past the grace time is cut");
            assertTrue(exitAt >= DRAIN_MS + GRACE_MS, "exit " + exitAt + " ms after SIGTERM, before drain + grace");
            assertTrue(exitAt < DRAIN_MS + GRACE_MS + 10_000, "exit " + exitAt + " ms after SIGTERM");
            assertEquals(143, payara.process().exitValue(), "the JVM's own exit status for SIGTERM");
            assertFalse(probe(port).startsWith("200"), "nothing answers once it has stopped");
        } finally {
            clients.shutdownNow();
        }
    }

    private static long elapsed(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static void sleepUntil(long t0, long millis) throws InterruptedException {
        long left = millis - elapsed(t0);
        if (left > 0) Thread.sleep(left);
    }
}
