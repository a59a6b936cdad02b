package lb.health;

import java.util.List;

/**
 * What the other balancers of a cluster say of one backend, as the quorum rule decided it
 * (lb.cluster.Quorum; README, Running several instances): down when a majority of the live
 * instances' recent active checks say so, ejected while a majority has it ejected. This
 * instance's own checks and ejections stay in {@link HealthState} and {@link OutlierState}
 * and always count for it; this is the rest. Written by the one cluster thread, read by every
 * request thread: one immutable decision behind a volatile reference.
 */
public final class ClusterView {
    /**
     * One instance's latest word on the backend.
     *
     * @param member       its data grid member id
     * @param address      its data grid address, host:port
     * @param up           its active checks' state
     * @param lastCheck    the outcome of its latest check, "HTTP 503"
     * @param checkedAt    when it checked last (ms, its clock); 0 when it never did
     * @param ejectedUntil the end of its passive ejection of the backend (ms, its clock); 0 when none
     */
    public record Report(String member, String address, boolean up, String lastCheck, long checkedAt, long ejectedUntil) {
    }

    /**
     * @param down         a majority of the live instances checked it lately and found it down
     * @param reason       the latest such check's outcome, when down
     * @param downVotes    how many instances said down lately
     * @param ejectedUntil until when a majority has it ejected; 0 when no majority does
     * @param ejectVotes   how many instances have it ejected now
     * @param instances    the live instances of the cluster that run the balancer, this one included
     * @param reports      every live instance's word, in member order; empty without a cluster
     */
    public record Decision(boolean down, String reason, int downVotes, long ejectedUntil, int ejectVotes, int instances,
            List<Report> reports) {
        public static final Decision NONE = new Decision(false, "", 0, 0, 0, 0, List.of());
    }

    private volatile Decision decision = Decision.NONE;
    private volatile long backSince;

    public Decision decision() {
        return decision;
    }

    /** Whether the cluster keeps the backend out of rotation now. */
    public boolean excludes(long now) {
        Decision d = decision;
        return d.down || now < d.ejectedUntil;
    }

    /** When the cluster last let the backend back in (for slow start); 0 if it never kept it out. */
    public long backSince() {
        return Math.max(backSince, decision.ejectedUntil);
    }

    public void set(Decision next, long now) {
        Decision previous = decision;
        if (previous.down && !next.down) backSince = now;
        if (previous.ejectedUntil > next.ejectedUntil) backSince = Math.max(backSince, Math.min(previous.ejectedUntil, now));
        decision = next;
    }
}
