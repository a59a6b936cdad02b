package lb.config;

import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import lb.balancing.LoadBalancer;

/**
 * Re-reads the configuration every {@code lb.config.poll}, so a value changed in the admin
 * console, a secrets file or server.xml takes effect without a redeploy. Polling, because
 * MicroProfile Config has no change events.
 */
@ApplicationScoped
public class ConfigPoller {
    private static final Logger LOG = Logger.getLogger(ConfigPoller.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    LoadBalancer loadBalancer;

    private volatile boolean stopped;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        scheduleNext();
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }

    private void scheduleNext() {
        if (!stopped) {
            scheduler.schedule(this::poll, loadBalancer.settings().configPoll().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void poll() {
        try {
            loadBalancer.reload();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "re-reading the configuration failed; the last good one stays in force", e);
        } finally {
            scheduleNext();
        }
    }
}
