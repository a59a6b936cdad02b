package lb.cluster;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import lb.balancing.Ejected;
import lb.balancing.Endpoint;
import lb.balancing.LoadBalancer;
import lb.balancing.PoolChanged;
import lb.balancing.RuntimeOverride;
import lb.health.HealthChecked;

/**
 * The balancers of one cluster sharing their state through the server's data grid (README,
 * Running several instances): operators' overrides ({@link SharedOverrides}) and backend health
 * ({@link SharedHealth}). One thread of its own does all the work, every
 * {@value #TICK_MILLIS} ms when the grid or this instance's own verdicts changed and once a
 * second anyway; the grid's listeners and the request path only raise flags. Without a grid
 * nothing runs and every instance keeps its own state.
 */
@ApplicationScoped
public class Cluster {
    private static final Logger LOG = Logger.getLogger(Cluster.class.getName());
    static final long TICK_MILLIS = 100;
    private static final long FULL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    LoadBalancer loadBalancer;

    private volatile Grid grid = NoGrid.INSTANCE;
    private volatile SharedOverrides overrides;
    private volatile SharedHealth health;
    private volatile ScheduledExecutorService thread;
    private final AtomicBoolean overridesChanged = new AtomicBoolean(true);
    private final AtomicBoolean verdictsChanged = new AtomicBoolean(true);
    private final AtomicBoolean membersChanged = new AtomicBoolean(true);
    private final AtomicBoolean ownVerdictsChanged = new AtomicBoolean(true);
    private long lastFull = System.nanoTime();
    private long lastFailureLogged;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        long t0 = System.nanoTime();
        Grids.Found found = Grids.find();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        Grid g = found.grid();
        overrides = new SharedOverrides(g, loadBalancer);
        grid = g;
        if (!g.shared()) {
            LOG.info(() -> "no data grid (" + found.why() + ", found in " + millis + " ms): overrides and health stay with this instance");
            return;
        }
        health = new SharedHealth(g, loadBalancer);
        g.map(SharedOverrides.MAP).onChange(() -> overridesChanged.set(true));
        g.map(SharedHealth.MAP).onChange(() -> verdictsChanged.set(true));
        g.onMembersChanged(() -> membersChanged.set(true));
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threadFactory);
        thread = executor;
        executor.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info(() -> "cluster " + g.clusterName() + " through " + found.why() + " (found in " + millis + " ms), "
                + g.members().size() + " members now: overrides and backend health are shared");
    }

    @PreDestroy
    void stop() {
        if (thread == null) return;
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
            health.withdraw();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the data grid stopped first", e);
        }
        grid.close();
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            boolean full = now - lastFull >= FULL_NANOS;
            if (full) lastFull = now;
            if (membersChanged.getAndSet(false)) {
                health.forgetDeparted();
                verdictsChanged.set(true);
            }
            if (overridesChanged.getAndSet(false) || full) overrides.apply();
            if (ownVerdictsChanged.getAndSet(false) || (full && !health.published())) health.publish();
            if (verdictsChanged.getAndSet(false) || full) health.decide();
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            if (now - lastFailureLogged >= LOG_EVERY_NANOS) {
                lastFailureLogged = now;
                LOG.log(Level.WARNING, "sharing state with the cluster failed; trying again every " + TICK_MILLIS
                        + " ms (logged once a minute)", e);
            }
        }
    }

    /**
     * An operator's change to a backend's override, for every instance of the cluster (only this
     * one without a grid).
     *
     * @return the backend as it now is here; null when it is no longer in the list
     */
    public Endpoint override(String key, UnaryOperator<RuntimeOverride> change) {
        SharedOverrides o = overrides;
        return o != null ? o.change(key, change) : loadBalancer.override(key, change);
    }

    void poolChanged(@Observes PoolChanged event) {
        SharedOverrides o = overrides;
        if (o != null) o.poolChanged(event.pool());
        ownVerdictsChanged.set(true);
        verdictsChanged.set(true);
    }

    void healthChecked(@Observes HealthChecked event) {
        ownVerdictsChanged.set(true);
    }

    /** On the request thread that saw the last failure: only a flag. */
    void ejected(@Observes Ejected event) {
        ownVerdictsChanged.set(true);
    }

    /** The cluster's name; null without a grid. */
    public String name() {
        return grid.clusterName();
    }

    /** This instance's member id; empty without a grid. */
    public String thisMember() {
        return grid.thisMember();
    }

    /** The grid's live members, oldest first; empty without a grid. */
    public List<GridMember> members() {
        return grid.members();
    }

    /** The ids of the live members that run the balancer (that published verdicts). */
    public Set<String> balancers() {
        return new HashSet<>(grid.map(SharedHealth.MAP).snapshot().keySet());
    }
}
