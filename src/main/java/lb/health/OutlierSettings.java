package lb.health;

import java.time.Duration;

/**
 * @param consecutive          failures in a row that eject a backend ({@code lb.outlier.consecutive}); 0 turns ejection off
 * @param baseEjection         the first ejection's length, multiplied for repeated ones ({@code lb.outlier.base-ejection})
 * @param maxEjection          the longest ejection ({@code lb.outlier.max-ejection})
 * @param maxEjectionPercent   at most this share of the backends is ejected at once; at least one may be
 */
public record OutlierSettings(int consecutive, Duration baseEjection, Duration maxEjection, int maxEjectionPercent) {

    public boolean enabled() {
        return consecutive > 0;
    }
}
