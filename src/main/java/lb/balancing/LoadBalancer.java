package lb.balancing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import lb.config.Durations;
import lb.config.Key;
import lb.config.Settings;
import lb.config.SettingsReader;
import lb.limit.LimitSettings;
import lb.limit.WaitingRoom;
import lb.retry.RetryBudget;
import lb.strategy.RequestView;
import lb.strategy.Strategy;

/**
 * Chooses the backend for each request from the backends in MicroProfile Config, among those
 * fit to take it, and keeps what it learns from each answer. The configuration is an immutable
 * {@link Pool} swapped atomically on reload, so choosing takes no lock.
 */
@ApplicationScoped
public class LoadBalancer {
    private static final Logger LOG = Logger.getLogger(LoadBalancer.class.getName());

    @Inject
    Config config;

    @Inject
    Event<Object> events;

    private SettingsReader.Source source;
    private LongSupplier clock;
    private final AtomicReference<Pool> pool = new AtomicReference<>();
    private final WaitingRoom waitingRoom = new WaitingRoom();
    private final RetryBudget retryBudget = new RetryBudget();
    private Map<String, Optional<String>> rawValues;
    /** {@link PoolChanged} and {@link Ejected} to CDI observers (metrics); nowhere in unit tests. */
    private Consumer<Object> announce = event -> { };

    public LoadBalancer() {
    }

    /** Outside a server (unit tests): values from {@code source}, time from {@code clock} (ms). */
    LoadBalancer(SettingsReader.Source source, LongSupplier clock) {
        this.source = source;
        this.clock = clock;
        reload();
    }

    @PostConstruct
    void start() {
        source = key -> config.getOptionalValue(key, String.class);
        clock = System::currentTimeMillis;
        announce = events::fire;
        reload();
    }

    /** Re-reads the configuration; called at start-up and by the config poller. */
    public synchronized void reload() {
        Map<String, Optional<String>> raw = new HashMap<>();
        for (Key key : Key.values()) {
            raw.put(key.key(), source.get(key.key()));
        }
        if (raw.equals(rawValues)) {
            return; // unchanged: nothing to parse, and a bad value is not logged again every poll
        }
        rawValues = raw;
        Pool previous = pool.get();
        Settings next = SettingsReader.read(raw::get, previous == null ? null : previous.settings());
        if (previous == null || !next.equals(previous.settings())) {
            Pool current = newPool(previous, next);
            pool.set(current);
            LOG.info(() -> "configuration " + (previous == null ? "loaded" : "changed") + ": " + next);
            announce.accept(new PoolChanged(current));
        }
    }

    /**
     * Keeps the state and override of endpoints whose URL stays, and the strategy (its rotation)
     * if it stays. A backend that leaves the list takes its override with it.
     */
    private Pool newPool(Pool previous, Settings next) {
        Map<String, Endpoint> old = new HashMap<>();
        if (previous != null) {
            for (Endpoint e : previous.endpoints()) old.put(e.key(), e);
        }
        Map<String, Integer> seen = new HashMap<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (Backend b : next.backends()) {
            String key = b.url() + "#" + seen.merge(b.url(), 1, Integer::sum);
            Endpoint kept = old.get(key);
            endpoints.add(kept != null ? kept.withBackend(b) : new Endpoint(b, key, previous == null ? 0 : now()));
        }
        boolean sameStrategy = previous != null
                && previous.settings().balancing().strategy() == next.balancing().strategy()
                && previous.settings().balancing().hashKey().equals(next.balancing().hashKey());
        Strategy strategy = sameStrategy ? previous.strategy() : next.balancing().strategy().create(next.balancing().hashKey());
        return new Pool(next, endpoints, strategy, Strategy.threadLocalRandom());
    }

    public Pool pool() {
        return pool.get();
    }

    /**
     * Changes the operator's override of one backend by swapping in a new pool, as a reload
     * does: the next request already sees it, and choosing stays lock-free. The override stays
     * with the backend through reloads while its URL stays in the list.
     *
     * @param key the backend's {@link Endpoint#key()}: a reload between the operator's look and
     *            the change may have moved it in the list, but not changed its key
     * @return the backend as it now is; null when it is no longer in the list
     */
    public synchronized Endpoint override(String key, UnaryOperator<RuntimeOverride> change) {
        Pool current = pool.get();
        List<Endpoint> endpoints = new ArrayList<>(current.endpoints());
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            if (e.key().equals(key)) {
                Endpoint changed = e.withOverride(change.apply(e.override()));
                endpoints.set(i, changed);
                pool.set(current.withEndpoints(endpoints));
                return changed;
            }
        }
        return null;
    }

    public Settings settings() {
        return pool.get().settings();
    }

    public long now() {
        return clock.getAsLong();
    }

    /**
     * The backend for the next attempt of a request, counted as in flight there until
     * {@link #release}; null when every candidate has been tried. When every fit backend is at
     * {@code lb.backend.max-requests}, waits in the queue for one to free up.
     *
     * @param tried backends this request already failed on, skipped so a retry goes elsewhere
     * @throws Unavailable when no backend is fit, or the queue is full or its wait timed out
     */
    public Endpoint acquire(Pool current, RequestView request, List<Endpoint> tried) throws Unavailable {
        LimitSettings limits = current.settings().backendLimits();
        boolean queued = false;
        long deadline = 0;
        try {
            while (true) {
                long seen = queued ? waitingRoom.generation() : 0;
                long now = now();
                List<Endpoint> candidates = current.candidates(now, tried);
                if (candidates.isEmpty()) {
                    if (tried.isEmpty()) throw new Unavailable(current.unfitReason(now), false);
                    return null;
                }
                if (!limits.enabled()) {
                    Endpoint e = current.choose(candidates, request, now);
                    e.tryAcquire(0);
                    return e;
                }
                List<Endpoint> free = candidates.stream().filter(e -> e.inFlight() < limits.maxRequests()).toList();
                if (!free.isEmpty()) {
                    Endpoint e = current.choose(free, request, now);
                    if (e.tryAcquire(limits.maxRequests())) return e;
                    continue; // another request took the last slot first
                }
                if (!queued) {
                    if (!waitingRoom.enter(limits.queueSize())) {
                        throw new Unavailable("every backend is at its limit of " + limits.maxRequests()
                                + " requests and the queue of " + limits.queueSize() + " is full", true);
                    }
                    queued = true;
                    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.queueTimeout().toMillis());
                    continue;
                }
                if (!waitingRoom.await(seen, deadline)) {
                    throw new Unavailable("every backend stayed at its limit of " + limits.maxRequests()
                            + " requests for " + Durations.format(limits.queueTimeout()) + " in the queue", true);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while queued for a backend", true);
        } finally {
            if (queued) waitingRoom.leave();
        }
    }

    /** The request is done with the backend {@link #acquire} gave it. */
    public void release(Endpoint e) {
        e.release();
        waitingRoom.signal();
    }

    /** The backend answered with something other than a 5xx. */
    public void succeeded(Endpoint e) {
        e.outlier().success();
    }

    /** The backend failed: no connection, a reset, a timeout, an invalid answer or a 5xx. */
    public void failed(Pool current, Endpoint e) {
        if (!current.settings().outlier().enabled()) return;
        long now = now();
        long ejectedFor = e.outlier().failure(now, current.settings().outlier(), () -> current.mayEject(now));
        if (ejectedFor > 0) {
            LOG.warning(() -> "backend " + e + " ejected for " + Durations.format(java.time.Duration.ofMillis(ejectedFor))
                    + " after " + current.settings().outlier().consecutive() + " failures in a row");
            announce.accept(new Ejected(e, ejectedFor));
        }
    }

    /** Requests queued for a backend under its limit, now. */
    public int waiting() {
        return waitingRoom.waiting();
    }

    /** Counts a request for the retry budget. */
    public void requestArrived(Pool current) {
        retryBudget.deposit(current.settings().retry().budgetPercent());
    }

    /** Whether the retry budget allows one more retry; takes it if so. */
    public boolean mayRetry() {
        return retryBudget.tryWithdraw();
    }
}
