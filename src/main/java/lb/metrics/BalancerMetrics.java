package lb.metrics;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;

import lb.balancing.Ejected;
import lb.balancing.Endpoint;
import lb.balancing.LoadBalancer;
import lb.balancing.Pool;
import lb.balancing.PoolChanged;
import lb.health.HealthChecked;
import lb.observe.Attempt;
import lb.observe.Outcome;
import lb.observe.OutcomeListener;
import lb.observe.SelfAnswer;

/**
 * The balancer's metrics, named the Prometheus way (README, Metrics). Every series a request
 * touches is taken from the {@link Meters} once and kept per backend, so recording a request is
 * a map lookup and a few adder increments, without a lock.
 */
@ApplicationScoped
public class BalancerMetrics implements OutcomeListener {
    private static final Logger LOG = Logger.getLogger(BalancerMetrics.class.getName());
    /** Seconds: from a backend on the same host (1 ms) to lb.timeout.read's default (60 s). */
    static final double[] DURATION_BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    /** The {@code code} label by status / 100; "none" when there is no status (the client left first). */
    static final String[] CODES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final SelfAnswer[] REJECTIONS = {SelfAnswer.GUARD, SelfAnswer.CLIENT_LIMIT, SelfAnswer.RATE_LIMIT,
            SelfAnswer.QUEUE, SelfAnswer.NO_BACKEND, SelfAnswer.STOPPING};

    @Inject
    Instance<Object> beans;

    @Inject
    LoadBalancer loadBalancer;

    private Meters meters;
    /** Set when the server has no MicroProfile Metrics: the balancer then serves this registry itself. */
    private PrometheusMeters own;
    private Supplier<Pool> pools;
    private LongSupplier clock;
    private Meters.Count retries;
    private Meters.Count[] rejected;
    private Meters.Count accessLogDropped;
    private final Map<String, BackendSeries> backends = new ConcurrentHashMap<>();
    /** Gauges of the backends in the current pool, by endpoint key; changed only in {@link #poolChanged}. */
    private final Map<String, Runnable> backendGauges = new HashMap<>();

    public BalancerMetrics() {
    }

    /** Outside a server (unit tests): into {@code meters}, the pool in force from {@code pools}, time from {@code clock} (ms). */
    BalancerMetrics(Meters meters, Supplier<Pool> pools, LongSupplier clock, IntSupplier waiting) {
        init(meters, pools, clock, waiting);
    }

    @PostConstruct
    void start() {
        Meters found = serverHasMicroProfileMetrics() ? MicroProfileMeters.find(beans) : null;
        LOG.info(found != null ? "metrics go to the server's MicroProfile Metrics (application scope)"
                : "no MicroProfile Metrics in this server: the balancer serves its metrics at {lb.admin.prefix}metrics itself");
        init(found != null ? found : new PrometheusMeters(), loadBalancer::pool, loadBalancer::now, loadBalancer::waiting);
    }

    private void init(Meters m, Supplier<Pool> pools, LongSupplier clock, IntSupplier waiting) {
        this.meters = m;
        this.pools = pools;
        this.clock = clock;
        if (m instanceof PrometheusMeters p) own = p;
        retries = m.counter("lb_retries_total", "Attempts beyond the first of each request (retries on another backend)");
        rejected = new Meters.Count[SelfAnswer.values().length];
        for (SelfAnswer reason : REJECTIONS) {
            rejected[reason.ordinal()] = m.counter("lb_rejected_total",
                    "Requests the balancer answered itself without forwarding them, by reason", "reason", reason.label());
        }
        accessLogDropped = m.counter("lb_access_log_dropped_total", "Access log lines dropped because writing fell behind");
        m.gauge("lb_queue_waiting", "Requests waiting for a backend under lb.backend.max-requests", waiting::getAsInt);
    }

    private static boolean serverHasMicroProfileMetrics() {
        try {
            Class.forName("org.eclipse.microprofile.metrics.MetricRegistry", false, BalancerMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void requestDone(Outcome outcome) {
        List<Attempt> attempts = outcome.attempts();
        int n = attempts.size();
        for (int i = 0; i < n; i++) {
            Attempt a = attempts.get(i);
            BackendSeries s = series(a.endpoint());
            s.requests[codeIndex(a.status())].inc();
            s.duration.observeNanos(a.nanos());
        }
        if (n > 1) retries.add(n - 1);
        SelfAnswer why = outcome.selfAnswer();
        if (why != null) {
            Meters.Count c = rejected[why.ordinal()];
            if (c != null) c.inc();
        }
    }

    void ejected(@Observes Ejected event) {
        series(event.endpoint()).ejections.inc();
    }

    void healthChecked(@Observes HealthChecked event) {
        BackendSeries s = series(event.endpoint());
        (event.passed() ? s.checksPassed : s.checksFailed).inc();
    }

    /** Backends that joined get their series and gauges; those that left lose their gauges (their totals stay). */
    synchronized void poolChanged(@Observes PoolChanged event) {
        Pool next = event.pool();
        Set<String> keys = new HashSet<>();
        for (Endpoint e : next.endpoints()) {
            keys.add(e.key());
            series(e);
        }
        for (Iterator<Map.Entry<String, Runnable>> it = backendGauges.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Runnable> gauges = it.next();
            if (!keys.contains(gauges.getKey())) {
                gauges.getValue().run();
                it.remove();
            }
        }
        for (Endpoint e : next.endpoints()) {
            backendGauges.computeIfAbsent(e.key(), key -> backendGauges(key, label(e)));
        }
    }

    /** Read from the pool in force at each scrape: an operator's override swaps the pool without a reload. */
    private Runnable backendGauges(String key, String label) {
        Runnable up = meters.gauge("lb_backend_up", "1 while the backend takes requests (not down, ejected, drained or disabled), else 0",
                () -> {
                    Pool pool = pools.get();
                    Endpoint e = find(pool, key);
                    return e != null && pool.isFit(e, clock.getAsLong()) ? 1 : 0;
                }, "backend", label);
        Runnable inFlight = meters.gauge("lb_backend_in_flight", "Requests being forwarded to the backend now", () -> {
            Endpoint e = find(pools.get(), key);
            return e == null ? 0 : e.inFlight();
        }, "backend", label);
        return () -> {
            up.run();
            inFlight.run();
        };
    }

    /** For the access log: lines it could not write ({@code lb_access_log_dropped_total}). */
    public void accessLogDropped(long lines) {
        accessLogDropped.add(lines);
    }

    /**
     * Writes the metrics in the Prometheus text format when the balancer serves them itself.
     *
     * @return false when the server's MicroProfile Metrics serves them, at its own endpoint
     */
    public boolean write(HttpServletResponse response) throws IOException {
        if (own == null) return false;
        response.setContentType(own.contentType());
        own.write(response.getOutputStream());
        return true;
    }

    private BackendSeries series(Endpoint e) {
        BackendSeries s = backends.get(e.key());
        return s != null ? s : backends.computeIfAbsent(e.key(), key -> new BackendSeries(meters, label(e)));
    }

    private static Endpoint find(Pool pool, String key) {
        for (Endpoint e : pool.endpoints()) {
            if (e.key().equals(key)) return e;
        }
        return null;
    }

    static int codeIndex(int status) {
        int c = status / 100;
        return c >= 1 && c <= 5 ? c : 0;
    }

    /** The URL; a URL listed twice is told apart by its number from the second on ({@code http://a:80#2}). */
    static String label(Endpoint e) {
        return e.key().endsWith("#1") ? e.backend().url() : e.key();
    }

    /** What is counted per backend, taken from the {@link Meters} once. */
    private static final class BackendSeries {
        final Meters.Count[] requests = new Meters.Count[CODES.length];
        final Meters.Timing duration;
        final Meters.Count ejections;
        final Meters.Count checksPassed;
        final Meters.Count checksFailed;

        BackendSeries(Meters m, String backend) {
            for (int i = 0; i < CODES.length; i++) {
                requests[i] = m.counter("lb_requests_total", "Attempts sent to each backend, by the class of the status "
                        + "it answered (a backend that gave no valid answer counts as the balancer's 502 or 504)",
                        "backend", backend, "code", CODES[i]);
            }
            duration = m.histogram("lb_request_duration_seconds",
                    "Time from sending a request to a backend to the end of its answer or failure", DURATION_BOUNDS,
                    "backend", backend);
            ejections = m.counter("lb_ejections_total", "Times passive failure detection ejected the backend",
                    "backend", backend);
            String help = "Active health checks of the backend, by result";
            checksPassed = m.counter("lb_health_checks_total", help, "backend", backend, "result", "passed");
            checksFailed = m.counter("lb_health_checks_total", help, "backend", backend, "result", "failed");
        }
    }
}
