package lb.guard;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Requests in progress per client address, as nginx's limit_conn counts them (a connection
 * counts while a request on it is being processed). Nothing is counted while the limit is 0,
 * so an unlimited balancer pays nothing for it; an address leaves the map at its last request.
 */
@ApplicationScoped
public class ClientLimit {
    private final ConcurrentMap<String, Integer> inProgress = new ConcurrentHashMap<>();

    /** Held while a request is in progress; closing it ends the request's count. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private static final Slot UNCOUNTED = () -> {
    };

    /** @return null when the client already has {@code max} requests in progress */
    public Slot enter(String client, int max) {
        if (max == 0) {
            return UNCOUNTED;
        }
        boolean[] admitted = {false};
        inProgress.compute(client, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= max) return n;
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0] ? () -> inProgress.computeIfPresent(client, (k, n) -> n == 1 ? null : n - 1) : null;
    }

    /** Requests in progress from one address, for tests. */
    int inProgress(String client) {
        return inProgress.getOrDefault(client, 0);
    }

    /** Addresses with a request in progress, for tests: an address with none is not kept. */
    int tracked() {
        return inProgress.size();
    }
}
