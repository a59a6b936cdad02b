package lb.cluster;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import lb.balancing.Endpoint;
import lb.balancing.LoadBalancer;
import lb.balancing.Pool;
import lb.balancing.RuntimeOverride;

/**
 * The operators' runtime overrides, kept in the grid by backend key (URL#n) so that a drain made
 * on any instance holds on every one. Each instance copies the grid's overrides into its own
 * pool ({@link LoadBalancer#override}), so a request reads them there, never from the grid.
 * Without a grid the map keeps nothing and this instance's pool is the only copy.
 */
final class SharedOverrides {
    static final String MAP = "lb.overrides";
    private static final Logger LOG = Logger.getLogger(SharedOverrides.class.getName());

    private final SharedMap map;
    private final boolean shared;
    private final LoadBalancer loadBalancer;
    private Set<String> keys;

    SharedOverrides(Grid grid, LoadBalancer loadBalancer) {
        this.map = grid.map(MAP);
        this.shared = grid.shared();
        this.loadBalancer = loadBalancer;
        this.keys = keysOf(loadBalancer.pool());
    }

    /**
     * An operator's change: into the grid, from where every instance takes it, and into this
     * instance's pool at once.
     *
     * @return the backend as it now is; null when it is no longer in the list
     */
    synchronized Endpoint change(String key, UnaryOperator<RuntimeOverride> change) {
        Endpoint current = find(loadBalancer.pool(), key);
        if (current == null) return null;
        RuntimeOverride next = change.apply(current.override());
        if (next.isNone()) {
            map.remove(key);
        } else {
            map.put(key, OverrideCodec.encode(next));
        }
        return loadBalancer.override(key, o -> next);
    }

    /** Makes this instance's overrides the grid's: after a change elsewhere, and when it joins. */
    synchronized void apply() {
        if (!shared) return; // no grid: this instance's pool is the only copy
        Map<String, String> inGrid = map.snapshot();
        for (Endpoint e : loadBalancer.pool().endpoints()) {
            RuntimeOverride wanted = OverrideCodec.decode(inGrid.get(e.key()));
            if (!wanted.equals(e.override())) {
                Endpoint changed = loadBalancer.override(e.key(), o -> wanted);
                if (changed != null) {
                    LOG.info(() -> "backend " + changed.backend().index() + " " + changed + ": override now " + wanted
                            + " (set on another instance of the cluster)");
                }
            }
        }
    }

    /**
     * A backend that left this instance's list takes its override with it, out of the grid too
     * (as without a cluster); the others drop it with the same configuration change.
     */
    synchronized void poolChanged(Pool pool) {
        Set<String> now = keysOf(pool);
        for (String key : keys) {
            if (!now.contains(key)) map.remove(key);
        }
        keys = now;
    }

    private static Set<String> keysOf(Pool pool) {
        Set<String> keys = new HashSet<>();
        for (Endpoint e : pool.endpoints()) keys.add(e.key());
        return keys;
    }

    private static Endpoint find(Pool pool, String key) {
        for (Endpoint e : pool.endpoints()) {
            if (e.key().equals(key)) return e;
        }
        return null;
    }
}
