package lb.strategy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import lb.balancing.Endpoint;

/**
 * One shared counter, one atomic increment per pick. A long so the sequence stays fair: an int
 * wraps after 2^32 picks to a value that is not a multiple of the backend count.
 */
final class RoundRobin implements Strategy {
    private final AtomicLong next = new AtomicLong();

    @Override
    public Endpoint pick(List<Endpoint> candidates, RequestView request) {
        return candidates.get((int) Math.floorMod(next.getAndIncrement(), (long) candidates.size()));
    }
}
