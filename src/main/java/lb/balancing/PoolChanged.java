package lb.balancing;

/** CDI event: a new configuration is in force (also the first one, at start-up). */
public record PoolChanged(Pool pool) {
}
