package lb.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import lb.health.ClusterView;

/**
 * The rule that turns the instances' verdicts on one backend into the cluster's decision
 * (README, Running several instances). Of the N live instances that run the balancer, a strict
 * majority (N / 2 + 1) must agree:
 * <ul>
 * <li><b>down</b> when that many checked the backend within the freshness window and found it
 * down (their {@code lb.health.fall} checks in a row failed);</li>
 * <li><b>ejected</b> while that many have it ejected, until the time that many still agree on.</li>
 * </ul>
 * An instance's own checks and ejections count for itself whatever the others say (they stay
 * in its {@code HealthState} and {@code OutlierState}); this decides only what the others'
 * word adds. So one instance that cannot reach a healthy backend (its own network, a bad
 * configuration) takes it out for itself alone; alone in its cluster, the rule is its own word.
 */
final class Quorum {
    private Quorum() {
    }

    /**
     * @param reports     the word of each live instance that has one on this backend, this one's included
     * @param instances   the live instances that run the balancer (those without a word count too: they did not say down)
     * @param freshMillis how old a check may be and still count
     */
    static ClusterView.Decision decide(List<ClusterView.Report> reports, int instances, long now, long freshMillis) {
        int majority = instances / 2 + 1;
        int downVotes = 0;
        ClusterView.Report latestDown = null;
        List<Long> ejections = new ArrayList<>();
        for (ClusterView.Report r : reports) {
            if (!r.up() && r.checkedAt() > 0 && now - r.checkedAt() <= freshMillis) {
                downVotes++;
                if (latestDown == null || r.checkedAt() > latestDown.checkedAt()) latestDown = r;
            }
            if (r.ejectedUntil() > now) ejections.add(r.ejectedUntil());
        }
        ejections.sort(Comparator.reverseOrder());
        boolean down = downVotes >= majority;
        long ejectedUntil = ejections.size() >= majority ? ejections.get(majority - 1) : 0;
        return new ClusterView.Decision(down, down ? latestDown.lastCheck() : "", downVotes, ejectedUntil, ejections.size(),
                instances, List.copyOf(reports));
    }
}
