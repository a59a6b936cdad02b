package lb.balancing;

import java.time.Duration;

import lb.strategy.HashKey;
import lb.strategy.StrategyKind;

/**
 * How the balancer chooses among fit backends.
 *
 * @param stickyCookie   name of the session cookie naming the backend; empty for none
 * @param slowStart      ramp-up of a returning backend's share; zero for none
 * @param panicThreshold percentage of fit backends below which all are used; 0 for never
 */
public record BalancingSettings(StrategyKind strategy, HashKey hashKey, String stickyCookie, Duration slowStart,
        int panicThreshold) {
}
