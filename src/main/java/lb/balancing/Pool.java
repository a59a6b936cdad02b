package lb.balancing;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import lb.config.Settings;
import lb.health.ClusterView;
import lb.health.SlowStart;
import lb.strategy.RequestView;
import lb.strategy.Strategy;

/**
 * One immutable snapshot of the backends with their strategy, swapped whole on reload: a
 * request works on one pool from start to end. Health and load live in the endpoints and change
 * all the time; the pool only decides, for a moment {@code now}, which endpoints are fit and
 * which one a request gets.
 */
public final class Pool {
    private final Settings settings;
    private final List<Endpoint> endpoints;
    private final List<Endpoint> usable;
    private final Strategy strategy;
    private final RandomGenerator random;

    Pool(Settings settings, List<Endpoint> endpoints, Strategy strategy, RandomGenerator random) {
        this.settings = settings;
        this.endpoints = List.copyOf(endpoints);
        this.usable = endpoints.stream().filter(Endpoint::takesNewRequests).toList();
        this.strategy = strategy;
        this.random = random;
    }

    public Settings settings() {
        return settings;
    }

    /** Every configured endpoint, drained and disabled ones included, in configuration order. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    Strategy strategy() {
        return strategy;
    }

    /** The same settings and strategy (its rotation goes on) over changed endpoints. */
    Pool withEndpoints(List<Endpoint> changed) {
        return new Pool(settings, changed, strategy, random);
    }

    public boolean isFit(Endpoint e, long now) {
        return e.takesNewRequests() && e.health().isUp() && !e.outlier().isEjected(now) && !e.cluster().excludes(now);
    }

    /**
     * The endpoints a request may go to now: fit and not tried yet. Below the panic threshold
     * every endpoint that takes new requests is a candidate, healthy or not, as in Envoy: better
     * some answers than none. A drained or disabled one never is: the operator asked for that.
     */
    public List<Endpoint> candidates(long now, List<Endpoint> tried) {
        List<Endpoint> fit = null;
        for (int i = 0; i < usable.size(); i++) {
            Endpoint e = usable.get(i);
            boolean ok = isFit(e, now);
            if (fit == null && !ok) {
                fit = new ArrayList<>(usable.subList(0, i));
            } else if (fit != null && ok) {
                fit.add(e);
            }
        }
        List<Endpoint> result = fit == null ? usable : fit;
        int panic = settings.balancing().panicThreshold();
        if (fit != null && panic > 0 && fit.size() * 100 < panic * usable.size()) {
            result = usable;
        }
        if (tried.isEmpty()) return result;
        List<Endpoint> untried = new ArrayList<>(result);
        untried.removeAll(tried);
        return untried;
    }

    /**
     * The endpoint for a request among candidates (not empty): the one its sticky cookie names
     * if that is a candidate, else the strategy's choice. A backend warming up after a return
     * (slow start) keeps the choice only with its current share; otherwise one more pick among
     * the others.
     */
    public Endpoint choose(List<Endpoint> candidates, RequestView request, long now) {
        String cookie = settings.balancing().stickyCookie();
        if (!cookie.isEmpty()) {
            String id = request.cookie(cookie);
            if (id != null) {
                for (Endpoint e : candidates) {
                    if (e.stickyId().equals(id)) return e;
                }
            }
        }
        Endpoint e = strategy.pick(candidates, request);
        if (candidates.size() > 1 && !settings.balancing().strategy().hasAffinity()) {
            double share = SlowStart.share(now, e.returnedAt(), settings.balancing().slowStart());
            if (share < 1.0 && random.nextDouble() >= share) {
                List<Endpoint> others = new ArrayList<>(candidates);
                others.remove(e);
                return strategy.pick(others, request);
            }
        }
        return e;
    }

    /** Backends ejected now, here or by a majority of the cluster: both count towards the cap. */
    public int ejectedCount(long now) {
        int n = 0;
        for (Endpoint e : endpoints) {
            if (e.outlier().isEjected(now) || now < e.cluster().decision().ejectedUntil()) n++;
        }
        return n;
    }

    /** Whether one more backend may be ejected under {@code lb.outlier.max-ejection-percent}; one always may. */
    boolean mayEject(long now) {
        int ejected = ejectedCount(now);
        return ejected == 0 || (ejected + 1) * 100 <= settings.outlier().maxEjectionPercent() * endpoints.size();
    }

    /**
     * One word and why, for readiness, the status page and 503 bodies: "up", "down (HTTP 503)",
     * "drained (override)" ... An operator's override comes first: it is why the backend gets
     * nothing, whatever its health.
     */
    public String state(Endpoint e, long now) {
        RuntimeOverride o = e.override();
        if (o.disabled()) return "disabled (override)";
        if (o.drained()) return "drained (override)";
        if (e.weight() == 0) return o.weight().isPresent() ? "drained (override: weight 0)" : "drained";
        if (!e.health().isUp()) return "down (health check: " + e.health().lastCheck() + ")";
        if (e.outlier().isEjected(now)) {
            return "ejected for " + ((e.outlier().ejectedUntil() - now + 999) / 1000) + "s more (failures in a row)";
        }
        ClusterView.Decision cluster = e.cluster().decision();
        if (cluster.down()) {
            return "down (" + cluster.downVotes() + " of " + cluster.instances() + " instances: " + cluster.reason() + ")";
        }
        if (now < cluster.ejectedUntil()) {
            return "ejected for " + ((cluster.ejectedUntil() - now + 999) / 1000) + "s more (" + cluster.ejectVotes() + " of "
                    + cluster.instances() + " instances)";
        }
        double share = SlowStart.share(now, e.returnedAt(), settings.balancing().slowStart());
        return share < 1.0 ? "up (slow start: " + Math.round(share * 100) + "%)" : "up";
    }

    /** Why no request can be forwarded: every backend with its state. */
    public String unfitReason(long now) {
        StringBuilder s = new StringBuilder("no backend is fit: ");
        for (int i = 0; i < endpoints.size(); i++) {
            if (i > 0) s.append(", ");
            s.append(endpoints.get(i).backend().url()).append(' ').append(state(endpoints.get(i), now));
        }
        return s.toString();
    }
}
