package lb.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import lb.balancing.Endpoint;
import lb.balancing.LoadBalancer;
import lb.balancing.Pool;
import lb.lifecycle.Gate;
import lb.lifecycle.Lifecycle;

/**
 * Ready while at least one backend is fit and the balancer is not stopping; the data names each
 * backend's state.
 */
@Readiness
@ApplicationScoped
public class BackendsReadiness implements HealthCheck {

    @Inject
    LoadBalancer loadBalancer;

    @Inject
    Lifecycle lifecycle;

    @Override
    public HealthCheckResponse call() {
        Pool pool = loadBalancer.pool();
        long now = loadBalancer.now();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("lb-backends");
        boolean anyFit = false;
        for (Endpoint e : pool.endpoints()) {
            anyFit |= pool.isFit(e, now);
            response.withData(e.key(), pool.state(e, now));
        }
        boolean stopping = lifecycle.gate().phase() != Gate.Phase.SERVING;
        if (stopping) {
            response.withData("reason", Lifecycle.STOPPING);
        } else if (pool.endpoints().isEmpty()) {
            response.withData("reason", String.valueOf(pool.settings().noBackendReason()));
        }
        return response.status(anyFit && !stopping).build();
    }
}
