package lb.cluster;

import java.util.List;

/**
 * The data grid the balancers of one cluster share their state through: Payara's Hazelcast
 * ({@link HazelcastGrid}), or none ({@link NoGrid}: this balancer alone, as on a server
 * without a grid). Chosen once at start-up by {@link Grids#find}.
 */
public interface Grid {
    /** The cluster's name; null without a grid. */
    String clusterName();

    /** Whether anything put in a map can reach another balancer. */
    default boolean shared() {
        return clusterName() != null;
    }

    /** This member's id, fixed while it runs. */
    String thisMember();

    /** The live members, this one included, oldest first. */
    List<GridMember> members();

    /** A map of strings that every member holds in full: reads are local, writes reach every member. */
    SharedMap map(String name);

    /** Calls {@code changed} on a thread of the grid when a member joins or leaves. */
    void onMembersChanged(Runnable changed);

    /** Takes back every listener: the grid outlives the application (a redeploy), they must not. */
    void close();
}
