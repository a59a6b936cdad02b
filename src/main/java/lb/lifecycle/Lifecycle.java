package lb.lifecycle;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import lb.balancing.LoadBalancer;

/**
 * Stopping without dropping requests. On SIGTERM: readiness DOWN while requests are still
 * taken for {@code lb.shutdown.drain}, so a load balancer in front stops sending; then new
 * requests are refused and those in flight get up to {@code lb.shutdown.grace} to finish;
 * then the server stops as it would have. A second SIGTERM stops at once.
 */
@ApplicationScoped
public class Lifecycle {
    /** Why a request is refused, and readiness DOWN, once the stop has begun. */
    public static final String STOPPING = "the balancer is stopping";

    private static final Logger LOG = Logger.getLogger(Lifecycle.class.getName());

    @Inject
    LoadBalancer loadBalancer;

    private final Gate gate = new Gate();
    private volatile TermSignal term;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        try {
            term = TermSignal.install(this::terminated);
            if (term == null) {
                LOG.warning("SIGTERM is ignored or left to the JVM here: the balancer stops without lb.shutdown.drain");
            }
        } catch (IllegalArgumentException | LinkageError e) {
            LOG.warning(() -> "SIGTERM cannot be taken over on this server (" + e
                    + "): the balancer stops without lb.shutdown.drain; requests in flight still get lb.shutdown.grace");
        }
    }

    public Gate gate() {
        return gate;
    }

    /** Whatever happens here, the signal goes on: a server that ignores SIGTERM gets killed. */
    private void terminated() {
        try {
            if (gate.beginDraining()) {
                ShutdownSettings settings = loadBalancer.settings().shutdown();
                Stopping.run(gate, settings.drain(), settings.grace(), Stopping.Time.SYSTEM);
            } else {
                LOG.info("SIGTERM again while stopping: stopping now");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "stopping failed; the server stops now", e);
        } finally {
            term.passOn();
        }
    }

    /**
     * Undeploy, or a shutdown that SIGTERM did not start (SIGINT, System.exit). Payara answers
     * new requests with its own 503 page by then (measured), so there is nothing to drain, but
     * the requests in flight still get their grace. Observed before any bean is destroyed, so
     * they can finish.
     */
    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        TermSignal taken = term;
        if (taken != null) {
            taken.restore();
        }
        if (gate.beginDraining()) {
            try {
                Stopping.run(gate, Duration.ZERO, loadBalancer.settings().shutdown().grace(), Stopping.Time.SYSTEM);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
