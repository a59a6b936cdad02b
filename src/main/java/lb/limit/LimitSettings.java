package lb.limit;

import java.time.Duration;

/**
 * @param maxRequests  requests in flight per backend, at most; 0 for no limit
 * @param queueSize    requests that may wait for a backend below its limit
 * @param queueTimeout the longest such wait
 */
public record LimitSettings(int maxRequests, int queueSize, Duration queueTimeout) {

    public boolean enabled() {
        return maxRequests > 0;
    }
}
