package lb.strategy;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

import lb.balancing.Endpoint;

/**
 * Chooses one backend for a request among those fit to take it. Implementations are
 * package-private and made by the static factories here; every request thread calls
 * {@link #pick} at once, so they are safe for concurrent use.
 */
public interface Strategy {

    /**
     * @param candidates the fit backends, never empty, weight above 0; may differ from call to call
     * @param request    what the request looks like, for strategies that pick by its content
     */
    Endpoint pick(List<Endpoint> candidates, RequestView request);

    /** Each backend in turn, weights ignored: b1 b2 b3 b1 ... */
    static Strategy roundRobin() {
        return new RoundRobin();
    }

    /** nginx's smooth weighted round robin: weights 5,1,1 give a a b a c a a. */
    static Strategy weightedRoundRobin() {
        return new WeightedRoundRobin();
    }

    /** The backend with the fewest requests in flight per unit of weight; ties broken at random. */
    static Strategy leastRequests(RandomGenerator random) {
        return new LeastRequests(random);
    }

    /** Two backends at random; the one with fewer requests in flight per unit of weight wins. */
    static Strategy powerOfTwo(RandomGenerator random) {
        return new PowerOfTwoChoices(random);
    }

    /** A backend at random, in proportion to its weight. */
    static Strategy random(RandomGenerator random) {
        return new WeightedRandom(random);
    }

    /** A hash ring: the same key goes to the same backend while it is fit. */
    static Strategy consistentHash(HashKey key) {
        return new ConsistentHash(key);
    }

    /** A random source for request threads: each draws from its own ThreadLocalRandom. */
    static RandomGenerator threadLocalRandom() {
        return () -> ThreadLocalRandom.current().nextLong();
    }
}
