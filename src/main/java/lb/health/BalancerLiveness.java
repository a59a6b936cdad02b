package lb.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The balancer itself is alive while it answers; backends being down is a readiness matter, and
 * restarting the balancer would not bring them back.
 */
@Liveness
@ApplicationScoped
public class BalancerLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("lb");
    }
}
