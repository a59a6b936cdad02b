package lb.strategy;

import java.util.List;
import java.util.random.RandomGenerator;

import lb.balancing.Endpoint;

/**
 * Scans every candidate for the fewest requests in flight per unit of weight. Ties are broken
 * at random (reservoir sampling over the tied ones), so idle backends share the traffic evenly
 * instead of the first one in the list taking all of it.
 */
final class LeastRequests implements Strategy {
    private final RandomGenerator random;

    LeastRequests(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public Endpoint pick(List<Endpoint> candidates, RequestView request) {
        Endpoint best = null;
        int ties = 0;
        for (Endpoint e : candidates) {
            int c = best == null ? -1 : Load.compare(e, best);
            if (c < 0) {
                best = e;
                ties = 1;
            } else if (c == 0 && random.nextInt(++ties) == 0) {
                best = e;
            }
        }
        return best;
    }
}
