package lb.balancing;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One shared counter, one atomic increment per pick. A long so the sequence stays fair: an int
 * wraps after 2^32 picks to a value that is not a multiple of the backend count.
 */
final class RoundRobin implements Strategy {
    private final AtomicLong next = new AtomicLong();

    @Override
    public Backend pick(List<Backend> backends) {
        return backends.get((int) Math.floorMod(next.getAndIncrement(), (long) backends.size()));
    }
}
