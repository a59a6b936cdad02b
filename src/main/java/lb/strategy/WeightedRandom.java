package lb.strategy;

import java.util.List;
import java.util.random.RandomGenerator;

import lb.balancing.Endpoint;

/** A candidate at random, each with a chance in proportion to its weight. */
final class WeightedRandom implements Strategy {
    private final RandomGenerator random;

    WeightedRandom(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public Endpoint pick(List<Endpoint> candidates, RequestView request) {
        long total = 0;
        for (Endpoint e : candidates) total += e.weight();
        long r = random.nextLong(total);
        for (Endpoint e : candidates) {
            r -= e.weight();
            if (r < 0) return e;
        }
        throw new AssertionError("weights are positive, so r reaches 0 within the list");
    }
}
