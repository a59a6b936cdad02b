package lb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import lb.balancing.Balancers;
import lb.balancing.Ejected;
import lb.balancing.Endpoint;
import lb.balancing.LoadBalancer;
import lb.balancing.PoolChanged;
import lb.balancing.RuntimeOverride;
import lb.health.HealthChecked;
import lb.observe.Outcome;
import lb.observe.SelfAnswer;

/** The recording logic into the bundled Prometheus registry, read back in its text format. */
class BalancerMetricsTest {
    private final Map<String, String> config = new HashMap<>();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicInteger waiting = new AtomicInteger();
    private final PrometheusMeters meters = new PrometheusMeters();
    private LoadBalancer lb;
    private final BalancerMetrics metrics = new BalancerMetrics(meters, () -> lb.pool(), clock::get, waiting::get);

    private LoadBalancer balancer(String backends) {
        config.put("lb.backends", backends);
        lb = Balancers.of(config, clock::get);
        metrics.poolChanged(new PoolChanged(lb.pool()));
        return lb;
    }

    private String text() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        meters.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The sample lines of one metric (and its _bucket, _count, _sum), in the order written. */
    private List<String> samples(String name) throws IOException {
        return text().lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ")
                || l.startsWith(name + "_bucket{") || l.startsWith(name + "_count") || l.startsWith(name + "_sum")).toList();
    }

    private static Outcome attempts(Object... endpointStatusMillis) {
        Outcome o = new Outcome(null, "127.0.0.1");
        for (int i = 0; i < endpointStatusMillis.length; i += 3) {
            int status = (Integer) endpointStatusMillis[i + 1];
            o.attempted((Endpoint) endpointStatusMillis[i], status, status != 502, (Integer) endpointStatusMillis[i + 2] * 1_000_000L);
        }
        return o;
    }

    @Test
    void thirtyRequestsRoundRobinOverThreeBackendsAreTenEach() throws IOException {
        LoadBalancer lb = balancer("http://a:1,http://b:1,http://c:1");
        List<Endpoint> all = lb.pool().endpoints();
        for (int i = 0; i < 30; i++) metrics.requestDone(attempts(all.get(i % 3), 200, 3));
        assertEquals(List.of(
                "lb_requests_total{backend=\"http://a:1\",code=\"1xx\"} 0.0",
                "lb_requests_total{backend=\"http://a:1\",code=\"2xx\"} 10.0",
                "lb_requests_total{backend=\"http://a:1\",code=\"3xx\"} 0.0",
                "lb_requests_total{backend=\"http://a:1\",code=\"4xx\"} 0.0",
                "lb_requests_total{backend=\"http://a:1\",code=\"5xx\"} 0.0",
                "lb_requests_total{backend=\"http://a:1\",code=\"none\"} 0.0",
                "lb_requests_total{backend=\"http://b:1\",code=\"1xx\"} 0.0",
                "lb_requests_total{backend=\"http://b:1\",code=\"2xx\"} 10.0",
                "lb_requests_total{backend=\"http://b:1\",code=\"3xx\"} 0.0",
                "lb_requests_total{backend=\"http://b:1\",code=\"4xx\"} 0.0",
                "lb_requests_total{backend=\"http://b:1\",code=\"5xx\"} 0.0",
                "lb_requests_total{backend=\"http://b:1\",code=\"none\"} 0.0",
                "lb_requests_total{backend=\"http://c:1\",code=\"1xx\"} 0.0",
                "lb_requests_total{backend=\"http://c:1\",code=\"2xx\"} 10.0",
                "lb_requests_total{backend=\"http://c:1\",code=\"3xx\"} 0.0",
                "lb_requests_total{backend=\"http://c:1\",code=\"4xx\"} 0.0",
                "lb_requests_total{backend=\"http://c:1\",code=\"5xx\"} 0.0",
                "lb_requests_total{backend=\"http://c:1\",code=\"none\"} 0.0"), samples("lb_requests_total"));
        assertEquals(List.of("lb_retries_total 0.0"), samples("lb_retries_total"));
    }

    @Test
    void durationsPerBackendInCumulativeBuckets() throws IOException {
        LoadBalancer lb = balancer("http://a:1");
        Endpoint a = lb.pool().endpoints().get(0);
        metrics.requestDone(attempts(a, 200, 1));
        metrics.requestDone(attempts(a, 200, 7));
        metrics.requestDone(attempts(a, 200, 7));
        metrics.requestDone(attempts(a, 404, 120_000));
        String b = "lb_request_duration_seconds_bucket{backend=\"http://a:1\",le=";
        assertEquals(List.of(b + "\"0.001\"} 1", b + "\"0.0025\"} 1", b + "\"0.005\"} 1", b + "\"0.01\"} 3", b + "\"0.025\"} 3",
                b + "\"0.05\"} 3", b + "\"0.1\"} 3", b + "\"0.25\"} 3", b + "\"0.5\"} 3", b + "\"1.0\"} 3", b + "\"2.5\"} 3",
                b + "\"5.0\"} 3", b + "\"10.0\"} 3", b + "\"30.0\"} 3", b + "\"60.0\"} 3", b + "\"+Inf\"} 4",
                "lb_request_duration_seconds_count{backend=\"http://a:1\"} 4",
                "lb_request_duration_seconds_sum{backend=\"http://a:1\"} 120.015"), samples("lb_request_duration_seconds"));
    }

    @Test
    void everyAttemptCountsOnItsBackendAndThoseAfterTheFirstAreRetries() throws IOException {
        LoadBalancer lb = balancer("http://a:1,http://b:1");
        Endpoint a = lb.pool().endpoints().get(0);
        Endpoint b = lb.pool().endpoints().get(1);
        metrics.requestDone(attempts(a, 502, 2, b, 503, 1)); // refused, then a 503 passed on
        metrics.requestDone(attempts(a, 503, 1, b, 200, 1));
        metrics.requestDone(attempts(b, 0, 1));               // the client left before the answer
        metrics.requestDone(attempts(a, 301, 1));
        assertEquals(List.of(
                "lb_requests_total{backend=\"http://a:1\",code=\"3xx\"} 1.0",
                "lb_requests_total{backend=\"http://a:1\",code=\"5xx\"} 2.0",
                "lb_requests_total{backend=\"http://b:1\",code=\"2xx\"} 1.0",
                "lb_requests_total{backend=\"http://b:1\",code=\"5xx\"} 1.0",
                "lb_requests_total{backend=\"http://b:1\",code=\"none\"} 1.0"),
                samples("lb_requests_total").stream().filter(l -> !l.endsWith(" 0.0")).toList());
        assertEquals(List.of("lb_retries_total 2.0"), samples("lb_retries_total"));
    }

    @Test
    void requestsTheBalancerAnsweredItselfCountByReasonAndFailedBackendsDoNot() throws IOException {
        balancer("http://a:1");
        SelfAnswer[] answers = {SelfAnswer.GUARD, SelfAnswer.GUARD, SelfAnswer.NO_BACKEND, SelfAnswer.QUEUE,
                SelfAnswer.CLIENT_LIMIT, SelfAnswer.RATE_LIMIT, SelfAnswer.RATE_LIMIT, SelfAnswer.RATE_LIMIT, SelfAnswer.STOPPING,
                SelfAnswer.BACKEND_FAILED, SelfAnswer.CLIENT_FAILED};
        for (SelfAnswer why : answers) {
            Outcome o = new Outcome(null, "127.0.0.1");
            o.answeredItself(why, "because");
            metrics.requestDone(o);
        }
        assertEquals(List.of(
                "lb_rejected_total{reason=\"client-limit\"} 1.0",
                "lb_rejected_total{reason=\"guard\"} 2.0",
                "lb_rejected_total{reason=\"no-backend\"} 1.0",
                "lb_rejected_total{reason=\"queue\"} 1.0",
                "lb_rejected_total{reason=\"rate-limit\"} 3.0",
                "lb_rejected_total{reason=\"stopping\"} 1.0"), samples("lb_rejected_total"));
    }

    @Test
    void gaugesReadTheBackendsAsTheyAreNow() throws IOException {
        LoadBalancer lb = balancer("http://a:1,http://b:1;weight=0,http://a:1");
        Endpoint a = lb.pool().endpoints().get(0);
        a.tryAcquire(0);
        a.tryAcquire(0);
        waiting.set(4);
        assertEquals(List.of(
                "lb_backend_in_flight{backend=\"http://a:1\"} 2.0",
                "lb_backend_in_flight{backend=\"http://a:1#2\"} 0.0",
                "lb_backend_in_flight{backend=\"http://b:1\"} 0.0"), samples("lb_backend_in_flight"));
        assertEquals(List.of(
                "lb_backend_up{backend=\"http://a:1\"} 1.0",
                "lb_backend_up{backend=\"http://a:1#2\"} 1.0",
                "lb_backend_up{backend=\"http://b:1\"} 0.0"), samples("lb_backend_up"));
        assertEquals(List.of("lb_queue_waiting 4.0"), samples("lb_queue_waiting"));
        a.release();
        assertEquals("lb_backend_in_flight{backend=\"http://a:1\"} 1.0", samples("lb_backend_in_flight").get(0));
    }

    @Test
    void anEjectedBackendIsDownUntilItsEjectionEnds() throws IOException {
        config.put("lb.outlier.consecutive", "1");
        config.put("lb.outlier.base-ejection", "10s");
        LoadBalancer lb = balancer("http://a:1,http://b:1");
        Endpoint a = lb.pool().endpoints().get(0);
        lb.failed(lb.pool(), a);
        metrics.ejected(new Ejected(a, 10_000));
        assertEquals(List.of("lb_backend_up{backend=\"http://a:1\"} 0.0", "lb_backend_up{backend=\"http://b:1\"} 1.0"),
                samples("lb_backend_up"));
        assertEquals(List.of("lb_ejections_total{backend=\"http://a:1\"} 1.0", "lb_ejections_total{backend=\"http://b:1\"} 0.0"),
                samples("lb_ejections_total"));
        clock.addAndGet(10_000);
        assertEquals("lb_backend_up{backend=\"http://a:1\"} 1.0", samples("lb_backend_up").get(0));
    }

    @Test
    void anOperatorsOverrideShowsAtOnce() throws IOException {
        LoadBalancer lb = balancer("http://a:1,http://b:1");
        lb.override("http://b:1#1", o -> new RuntimeOverride(false, true, OptionalInt.empty()));
        assertEquals(List.of("lb_backend_up{backend=\"http://a:1\"} 1.0", "lb_backend_up{backend=\"http://b:1\"} 0.0"),
                samples("lb_backend_up"));
    }

    @Test
    void healthChecksCountByResult() throws IOException {
        LoadBalancer lb = balancer("http://a:1");
        Endpoint a = lb.pool().endpoints().get(0);
        metrics.healthChecked(new HealthChecked(a, true));
        metrics.healthChecked(new HealthChecked(a, false));
        metrics.healthChecked(new HealthChecked(a, false));
        assertEquals(List.of("lb_health_checks_total{backend=\"http://a:1\",result=\"failed\"} 2.0",
                "lb_health_checks_total{backend=\"http://a:1\",result=\"passed\"} 1.0"), samples("lb_health_checks_total"));
    }

    @Test
    void aRemovedBackendLosesItsGaugesAndKeepsItsTotals() throws IOException {
        LoadBalancer lb = balancer("http://a:1,http://b:1");
        metrics.requestDone(attempts(lb.pool().endpoints().get(1), 200, 1));
        config.put("lb.backends", "http://a:1,http://c:1");
        lb.reload();
        metrics.poolChanged(new PoolChanged(lb.pool()));
        assertEquals(List.of("lb_backend_up{backend=\"http://a:1\"} 1.0", "lb_backend_up{backend=\"http://c:1\"} 1.0"),
                samples("lb_backend_up"));
        assertEquals(List.of("lb_requests_total{backend=\"http://b:1\",code=\"2xx\"} 1.0"),
                samples("lb_requests_total").stream().filter(l -> !l.endsWith(" 0.0")).toList());
        config.put("lb.backends", "http://b:1");
        lb.reload();
        metrics.poolChanged(new PoolChanged(lb.pool()));
        assertEquals(List.of("lb_backend_up{backend=\"http://b:1\"} 1.0"), samples("lb_backend_up"));
    }

    @Test
    void theAccessLogCountsWhatItDropped() throws IOException {
        metrics.accessLogDropped(1);
        metrics.accessLogDropped(2);
        assertEquals(List.of("lb_access_log_dropped_total 3.0"), samples("lb_access_log_dropped_total"));
    }

    @Test
    void codesAreStatusClasses() {
        assertEquals(List.of("none", "1xx", "2xx", "2xx", "3xx", "4xx", "5xx", "5xx", "none"),
                java.util.stream.IntStream.of(0, 100, 200, 299, 304, 404, 502, 599, 600)
                        .mapToObj(s -> BalancerMetrics.CODES[BalancerMetrics.codeIndex(s)]).toList());
    }
}
