package lb.health;

import lb.balancing.Endpoint;

/** CDI event: one active health check of a backend ended. */
public record HealthChecked(Endpoint endpoint, boolean passed) {
}
