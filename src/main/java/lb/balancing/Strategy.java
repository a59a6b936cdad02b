package lb.balancing;

import java.util.List;

/**
 * Chooses one backend for a request. Implementations are package-private and made by the
 * static factories here; they must be safe for concurrent use without locks, since every
 * request thread calls {@link #pick} at once.
 */
public interface Strategy {

    /** @param backends the fit backends, never empty; the list may differ from call to call */
    Backend pick(List<Backend> backends);

    /** Each backend in turn: b1 b2 b3 b1 ... */
    static Strategy roundRobin() {
        return new RoundRobin();
    }
}
