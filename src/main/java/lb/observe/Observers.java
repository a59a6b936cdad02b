package lb.observe;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Hands every finished request to each {@link OutcomeListener} bean. The listeners are looked up
 * once: a CDI event per request would resolve its observers every time.
 */
@ApplicationScoped
public class Observers {
    private static final Logger LOG = Logger.getLogger(Observers.class.getName());

    @Inject
    Instance<OutcomeListener> found;

    private List<OutcomeListener> listeners = List.of();

    @PostConstruct
    void start() {
        listeners = found.stream().toList();
    }

    public void requestDone(Outcome outcome) {
        for (int i = 0; i < listeners.size(); i++) {
            try {
                listeners.get(i).requestDone(outcome);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "observer " + listeners.get(i).getClass().getName() + " failed", e);
            }
        }
    }
}
