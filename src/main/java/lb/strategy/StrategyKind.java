package lb.strategy;

import java.util.Locale;

import lb.config.BadValueException;

/** The strategies {@code lb.strategy} names. */
public enum StrategyKind {
    ROUND_ROBIN, WEIGHTED_ROUND_ROBIN, LEAST_REQUESTS, POWER_OF_TWO, RANDOM, CONSISTENT_HASH;

    public static StrategyKind parse(String text) throws BadValueException {
        for (StrategyKind k : values()) {
            if (k.toString().equals(text.trim().toLowerCase(Locale.ROOT))) return k;
        }
        throw new BadValueException("expected one of round-robin, weighted-round-robin, least-requests, "
                + "power-of-two, random, consistent-hash");
    }

    public Strategy create(HashKey hashKey) {
        return switch (this) {
            case ROUND_ROBIN -> Strategy.roundRobin();
            case WEIGHTED_ROUND_ROBIN -> Strategy.weightedRoundRobin();
            case LEAST_REQUESTS -> Strategy.leastRequests(Strategy.threadLocalRandom());
            case POWER_OF_TWO -> Strategy.powerOfTwo(Strategy.threadLocalRandom());
            case RANDOM -> Strategy.random(Strategy.threadLocalRandom());
            case CONSISTENT_HASH -> Strategy.consistentHash(hashKey);
        };
    }

    /** Whether the same request must keep going to the same backend (no slow-start re-picks). */
    public boolean hasAffinity() {
        return this == CONSISTENT_HASH;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
