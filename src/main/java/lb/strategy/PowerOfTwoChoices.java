package lb.strategy;

import java.util.List;
import java.util.random.RandomGenerator;

import lb.balancing.Endpoint;

/**
 * Two distinct candidates at random, the less loaded one wins (a tie goes to the first drawn).
 * Nearly as good as a full scan at spreading load, with no scan, and without the herd effect
 * of every thread choosing the same least-loaded backend at once.
 */
final class PowerOfTwoChoices implements Strategy {
    private final RandomGenerator random;

    PowerOfTwoChoices(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public Endpoint pick(List<Endpoint> candidates, RequestView request) {
        int n = candidates.size();
        if (n == 1) return candidates.get(0);
        int i = random.nextInt(n);
        int j = random.nextInt(n - 1);
        if (j >= i) j++;
        Endpoint a = candidates.get(i);
        Endpoint b = candidates.get(j);
        return Load.compare(b, a) < 0 ? b : a;
    }
}
