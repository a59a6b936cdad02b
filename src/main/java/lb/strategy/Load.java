package lb.strategy;

import lb.balancing.Endpoint;

/** How busy a backend is for its size: requests in flight per unit of weight. */
final class Load {
    private Load() {
    }

    /** Negative if {@code a} is less loaded than {@code b}; compared without division. */
    static int compare(Endpoint a, Endpoint b) {
        return Long.compare((long) a.inFlight() * b.weight(), (long) b.inFlight() * a.weight());
    }
}
