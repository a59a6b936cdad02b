package lb.admin;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import lb.observe.Attempt;
import lb.observe.Outcome;
import lb.observe.OutcomeListener;
import lb.stats.Traffic;

/**
 * Keeps the admin page's figures: every attempt in its backend's {@link Traffic}, every
 * forwarded or refused request (admin requests aside) in the balancer's own.
 */
@ApplicationScoped
public class TrafficRecorder implements OutcomeListener {
    private final Traffic all = new Traffic();

    @Override
    public void requestDone(Outcome outcome) {
        if (outcome.isAdmin()) return;
        long now = System.currentTimeMillis();
        List<Attempt> attempts = outcome.attempts();
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            a.endpoint().traffic().record(now, a.nanos(), !a.answered() || a.status() >= 500);
        }
        all.record(now, outcome.totalNanos(), outcome.status() >= 500);
    }

    /** Every request the balancer answered, forwarded or not. */
    public Traffic all() {
        return all;
    }
}
