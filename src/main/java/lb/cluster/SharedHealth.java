package lb.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

import lb.balancing.Endpoint;
import lb.balancing.LoadBalancer;
import lb.balancing.Pool;
import lb.health.ClusterView;
import lb.health.HealthSettings;
import lb.health.HealthState;

/**
 * Backend health across the cluster. Each instance still checks every backend itself and
 * publishes its verdicts (one table per instance, under its member id); from the tables of the
 * live instances each one decides, by the {@link Quorum} rule, what the cluster says of every
 * backend, and keeps the decision in the backend's {@link ClusterView}, where requests read it.
 * An instance with a table in the map runs the balancer: other members of the grid (a Payara
 * Server DAS, other applications) neither vote nor count.
 */
final class SharedHealth {
    static final String MAP = "lb.verdicts";
    /** A check counts for this many intervals (plus its timeout each): a missed check or two do not drop a vote. */
    static final int FRESH_INTERVALS = 3;
    private static final Logger LOG = Logger.getLogger(SharedHealth.class.getName());

    private final Grid grid;
    private final SharedMap map;
    private final LoadBalancer loadBalancer;
    private Set<String> lastMembers = Set.of();

    SharedHealth(Grid grid, LoadBalancer loadBalancer) {
        this.grid = grid;
        this.map = grid.map(MAP);
        this.loadBalancer = loadBalancer;
    }

    /** Puts this instance's verdict on every backend it checked or ejected into the grid, as one table. */
    void publish() {
        long now = loadBalancer.now();
        Map<String, Verdict> table = new LinkedHashMap<>();
        for (Endpoint e : loadBalancer.pool().endpoints()) {
            HealthState h = e.health();
            long ejectedUntil = e.outlier().ejectedUntil();
            if (h.checkedAt() > 0 || ejectedUntil > now) {
                table.put(e.key(), new Verdict(h.isUp(), h.lastCheck(), h.checkedAt(), ejectedUntil > now ? ejectedUntil : 0));
            }
        }
        map.put(grid.thisMember(), Verdict.encodeTable(table));
    }

    /** Whether this instance's table is in the grid (another member may have taken it for a departed one's). */
    boolean published() {
        return map.get(grid.thisMember()) != null;
    }

    /** Leaves the grid's tables: a stop or a redeploy, while the grid goes on. */
    void withdraw() {
        map.remove(grid.thisMember());
    }

    /**
     * Forgets the tables of members that left since the last call: their word no longer counts
     * (it already did not, as they are not live), and a joining member need not be sent them.
     */
    void forgetDeparted() {
        Set<String> live = new HashSet<>();
        for (GridMember m : grid.members()) live.add(m.id());
        for (String gone : lastMembers) {
            if (!live.contains(gone)) map.remove(gone);
        }
        lastMembers = live;
    }

    /** Decides, for every backend, what the live instances say of it. */
    void decide() {
        Pool pool = loadBalancer.pool();
        long now = loadBalancer.now();
        HealthSettings settings = pool.settings().health();
        long fresh = FRESH_INTERVALS * (settings.interval().toMillis() + settings.timeout().toMillis());
        Map<String, String> tables = map.snapshot();
        List<GridMember> balancers = new ArrayList<>();
        Map<String, Map<String, Verdict>> verdicts = new HashMap<>();
        for (GridMember m : grid.members()) {
            String table = tables.get(m.id());
            if (table != null) {
                balancers.add(m);
                verdicts.put(m.id(), Verdict.decodeTable(table));
            }
        }
        for (Endpoint e : pool.endpoints()) {
            List<ClusterView.Report> reports = new ArrayList<>();
            for (GridMember m : balancers) {
                Verdict v = verdicts.get(m.id()).get(e.key());
                if (v != null) reports.add(new ClusterView.Report(m.id(), m.address(), v.up(), v.lastCheck(), v.checkedAt(), v.ejectedUntil()));
            }
            ClusterView.Decision next = Quorum.decide(reports, balancers.size(), now, fresh);
            ClusterView.Decision previous = e.cluster().decision();
            e.cluster().set(next, now);
            log(e, previous, next, now);
        }
    }

    private static void log(Endpoint e, ClusterView.Decision previous, ClusterView.Decision next, long now) {
        if (next.down() && !previous.down()) {
            LOG.warning(() -> "backend " + e + " is down in the cluster: " + next.downVotes() + " of " + next.instances()
                    + " instances found it down, the latest " + next.reason());
        } else if (!next.down() && previous.down()) {
            LOG.info(() -> "backend " + e + " is no longer down in the cluster");
        }
        if (next.ejectedUntil() > now && previous.ejectedUntil() <= now) {
            LOG.warning(() -> "backend " + e + " is ejected in the cluster for " + (next.ejectedUntil() - now) + " ms: "
                    + next.ejectVotes() + " of " + next.instances() + " instances ejected it");
        }
    }
}
