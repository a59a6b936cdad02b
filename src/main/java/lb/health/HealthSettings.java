package lb.health;

import java.time.Duration;

/**
 * Active health checks: a GET of {@code path} on every backend each {@code interval} (with
 * jitter), answered within {@code timeout} with an expected status.
 *
 * @param path     {@code lb.health.path}; empty turns active checks off
 * @param expected {@code lb.health.status}: statuses that count as passed
 */
public record HealthSettings(String path, Duration interval, Duration timeout, int rise, int fall, StatusSet expected) {

    public boolean enabled() {
        return !path.isEmpty();
    }
}
