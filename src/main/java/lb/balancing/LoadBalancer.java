package lb.balancing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import lb.config.Key;
import lb.config.Settings;
import lb.config.SettingsReader;

/**
 * Picks the backend for each request from the backends in MicroProfile Config. The settings
 * are an immutable snapshot swapped atomically on reload, so picking takes no lock.
 */
@ApplicationScoped
public class LoadBalancer {
    private static final Logger LOG = Logger.getLogger(LoadBalancer.class.getName());

    @Inject
    Config config;

    private final AtomicReference<Settings> settings = new AtomicReference<>();
    private final Strategy strategy = Strategy.roundRobin();
    private Map<String, Optional<String>> rawValues;

    @PostConstruct
    void start() {
        reload();
    }

    /** Re-reads the configuration; called at start-up and by the config poller. */
    public synchronized void reload() {
        Map<String, Optional<String>> raw = new HashMap<>();
        for (Key key : Key.values()) {
            raw.put(key.key(), config.getOptionalValue(key.key(), String.class));
        }
        if (raw.equals(rawValues)) {
            return; // unchanged: nothing to parse, and a bad value is not logged again every poll
        }
        rawValues = raw;
        Settings previous = settings.get();
        Settings next = SettingsReader.read(raw::get, previous);
        if (!next.equals(previous)) {
            settings.set(next);
            LOG.info(() -> "configuration " + (previous == null ? "loaded" : "changed") + ": " + next);
        }
    }

    public Settings settings() {
        return settings.get();
    }

    /**
     * The backend for the next attempt of a request, or null when every backend has been tried.
     *
     * @param tried backends this request already failed on, skipped so a retry goes elsewhere
     */
    public Backend pick(Settings current, Collection<Backend> tried) {
        List<Backend> backends = current.backends();
        if (tried.isEmpty()) {
            return backends.isEmpty() ? null : strategy.pick(backends);
        }
        List<Backend> untried = new ArrayList<>(backends);
        untried.removeAll(tried);
        return untried.isEmpty() ? null : strategy.pick(untried);
    }
}
