package lb.health;

import java.time.Duration;

/**
 * The share a returning backend gets while it warms up: from 10% (Envoy's default minimum
 * weight) to 100% in a straight line over the slow-start window.
 */
public final class SlowStart {
    static final double MIN_SHARE = 0.1;

    private SlowStart() {
    }

    /** @param returnedAt when the backend became usable again; 0 for never away */
    public static double share(long now, long returnedAt, Duration window) {
        long w = window.toMillis();
        long elapsed = now - returnedAt;
        if (w == 0 || returnedAt == 0 || elapsed >= w) return 1.0;
        return Math.max(MIN_SHARE, (double) Math.max(0, elapsed) / w);
    }
}
