package lb.health;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import lb.balancing.Endpoint;
import lb.balancing.LoadBalancer;
import lb.balancing.Pool;
import lb.client.TlsContexts;

/**
 * Runs the active health checks on threads of their own (never a request thread): one
 * self-rescheduling task per backend, every {@code lb.health.interval} plus or minus 10% jitter,
 * so checks of many backends, or of many balancers, do not fall in step. A sweep once a second
 * starts tasks for backends that joined and lets tasks of removed backends end.
 */
@ApplicationScoped
public class HealthChecker {
    private static final Logger LOG = Logger.getLogger(HealthChecker.class.getName());
    private static final int THREADS = 2;

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    LoadBalancer loadBalancer;

    @Inject
    Event<HealthChecked> checked;

    private ScheduledExecutorService scheduler;
    private final Set<String> checking = ConcurrentHashMap.newKeySet();
    private final TlsContexts tlsContexts = new TlsContexts();
    private volatile boolean wasEnabled;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(THREADS, threadFactory);
        executor.setRemoveOnCancelPolicy(true);
        scheduler = executor;
        scheduler.scheduleWithFixedDelay(this::sweep, 0, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) scheduler.shutdownNow();
    }

    private void sweep() {
        try {
            Pool pool = loadBalancer.pool();
            HealthSettings settings = pool.settings().health();
            if (!settings.enabled()) {
                if (wasEnabled) {
                    for (Endpoint e : pool.endpoints()) e.health().reset();
                    LOG.info("active health checks off: every backend counts as up");
                }
                wasEnabled = false;
                return;
            }
            wasEnabled = true;
            for (Endpoint e : pool.endpoints()) {
                if (checking.add(e.key())) {
                    long first = ThreadLocalRandom.current().nextLong(settings.interval().toMillis());
                    scheduler.schedule(() -> check(e.key()), first, TimeUnit.MILLISECONDS);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "health check sweep failed", e);
        }
    }

    /** Checks the endpoint with this key in the current pool, then schedules its next check. */
    private void check(String key) {
        Pool pool = loadBalancer.pool();
        HealthSettings settings = pool.settings().health();
        Endpoint endpoint = find(pool, key);
        if (endpoint == null || !settings.enabled()) {
            checking.remove(key);
            return;
        }
        try {
            if (!endpoint.override().disabled()) { // disabled by the operator: nobody needs its health until enabled
                probe(endpoint, settings);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "health check of " + endpoint + " failed to run", e);
        } finally {
            long interval = settings.interval().toMillis();
            long jitter = interval / 10;
            long next = interval + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0);
            scheduler.schedule(() -> check(key), next, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One check of the endpoint now, on the caller's thread, counted like a scheduled one (an
     * operator's "check now"); takes at most {@code lb.health.timeout} to connect plus as much to
     * answer.
     *
     * @return what the check saw; empty when active checks are off ({@code lb.health.path} empty)
     */
    public Optional<Check> checkNow(Endpoint endpoint) {
        HealthSettings settings = loadBalancer.settings().health();
        return settings.enabled() ? Optional.of(probe(endpoint, settings)) : Optional.empty();
    }

    /** What one check saw: whether it passed, and the status or the failure ("HTTP 200", "connection refused"). */
    public record Check(boolean passed, String outcome) {
    }

    private Check probe(Endpoint endpoint, HealthSettings settings) {
        HttpProbe.Result result = HttpProbe.check(endpoint.backend().origin() + settings.path(), settings,
                endpoint.backend().scheme().equals("https") ? tlsContexts.of(loadBalancer.settings().tls()) : null);
        HealthState.Change change = endpoint.health().record(result.passed(), result.outcome(), loadBalancer.now(),
                settings.rise(), settings.fall());
        checked.fire(new HealthChecked(endpoint, result.passed())); // after the record: observers see the state it made
        if (change == HealthState.Change.WENT_DOWN) {
            LOG.warning(() -> "backend " + endpoint + " is down: " + settings.fall() + " failed health checks, the last "
                    + result.outcome());
        } else if (change == HealthState.Change.CAME_UP) {
            LOG.info(() -> "backend " + endpoint + " is up again: " + settings.rise() + " passed health checks");
        }
        return new Check(result.passed(), result.outcome());
    }

    private static Endpoint find(Pool pool, String key) {
        for (Endpoint e : pool.endpoints()) {
            if (e.key().equals(key)) return e;
        }
        return null;
    }
}
