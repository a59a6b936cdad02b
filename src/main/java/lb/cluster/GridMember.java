package lb.cluster;

/**
 * A member of the data grid.
 *
 * @param id      its id (Hazelcast's member UUID)
 * @param address where the grid reaches it, host:port
 * @param self    whether it is this instance
 */
public record GridMember(String id, String address, boolean self) {
}
