package lb.balancing;

import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/** A LoadBalancer outside a server, for unit tests of other packages: configuration from a map, time from a clock (ms). */
public final class Balancers {
    private Balancers() {
    }

    public static LoadBalancer of(Map<String, String> config, LongSupplier clock) {
        return new LoadBalancer(key -> Optional.ofNullable(config.get(key)), clock);
    }
}
