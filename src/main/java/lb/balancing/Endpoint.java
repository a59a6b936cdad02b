package lb.balancing;

import java.util.concurrent.atomic.AtomicInteger;

import lb.health.ClusterView;
import lb.health.HealthState;
import lb.health.OutlierState;
import lb.limit.Slots;
import lb.stats.Traffic;
import lb.strategy.Hashing;

/**
 * A configured backend with what the balancer knows of it at run time: requests in flight,
 * active health and passive failure state, and the operator's {@link RuntimeOverride}. When the
 * backend list is reloaded, an entry with the same URL keeps the state and the override of the
 * old one ({@link #withBackend}), so a reload does not reset health, counters or an operator's
 * drain. The backend and the override are fixed per instance: a change makes a new instance in a
 * new pool, so a request thread reads them without a lock.
 */
public final class Endpoint {
    private final Backend backend;
    private final String key;
    private final String stickyId;
    private final State state;
    private final RuntimeOverride override;

    private record State(AtomicInteger inFlight, HealthState health, OutlierState outlier, ClusterView cluster, Traffic traffic,
            long addedAt) {
    }

    /**
     * @param key     the URL plus its occurrence number ({@code http://a:1#0}): the same URL listed
     *                twice is two endpoints, and stays so across reloads
     * @param addedAt when the backend joined the list, for slow start; 0 for the list at start-up
     */
    public Endpoint(Backend backend, String key, long addedAt) {
        this(backend, key, new State(new AtomicInteger(), new HealthState(), new OutlierState(), new ClusterView(), new Traffic(),
                addedAt),
                RuntimeOverride.NONE);
    }

    private Endpoint(Backend backend, String key, State state, RuntimeOverride override) {
        this.backend = backend;
        this.key = key;
        this.stickyId = Long.toHexString(Hashing.hash64(key));
        this.state = state;
        this.override = override;
    }

    /** The same runtime state and override under a reloaded configuration entry (its weight may have changed). */
    public Endpoint withBackend(Backend reloaded) {
        return new Endpoint(reloaded, key, state, override);
    }

    /** The same backend and runtime state under another override. */
    public Endpoint withOverride(RuntimeOverride changed) {
        return new Endpoint(backend, key, state, changed);
    }

    public Backend backend() {
        return backend;
    }

    public String key() {
        return key;
    }

    /** The sticky-session cookie value naming this backend: stable across reloads, reveals no address. */
    public String stickyId() {
        return stickyId;
    }

    public RuntimeOverride override() {
        return override;
    }

    /** The weight in force: the override's if it has one, else the configured one. */
    public int weight() {
        return override.weight().orElse(backend.weight());
    }

    /** Whether new requests may come here: a weight above 0, neither drained nor disabled. */
    public boolean takesNewRequests() {
        return weight() > 0 && !override.drained() && !override.disabled();
    }

    public int inFlight() {
        return state.inFlight.get();
    }

    /** Counts a request as sent to this backend, unless it already has {@code max} (0 = no limit). */
    public boolean tryAcquire(int max) {
        if (max <= 0) {
            state.inFlight.incrementAndGet();
            return true;
        }
        return Slots.tryTake(state.inFlight, max);
    }

    public void release() {
        state.inFlight.decrementAndGet();
    }

    public HealthState health() {
        return state.health;
    }

    public OutlierState outlier() {
        return state.outlier;
    }

    /** What the other balancers of the cluster say of it (nothing without a cluster). */
    public ClusterView cluster() {
        return state.cluster;
    }

    /** Its requests, errors and latencies over the last minutes, for the admin page. */
    public Traffic traffic() {
        return state.traffic;
    }

    /** The last time this backend became usable again: added, healthy again, or back from ejection, here or in the cluster. */
    public long returnedAt() {
        return Math.max(Math.max(state.addedAt, state.cluster.backSince()),
                Math.max(state.health.upSince(), state.outlier.ejectedUntil()));
    }

    @Override
    public String toString() {
        return backend.url();
    }
}
