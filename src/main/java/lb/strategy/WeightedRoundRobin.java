package lb.strategy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import lb.balancing.Endpoint;

/**
 * nginx's smooth weighted round robin (ngx_http_upstream_get_peer): every pick adds each
 * backend's weight to its current weight, takes the highest and subtracts the total from it.
 * Heavy backends are spread out (5,1,1 gives a a b a c a a, not a a a a a b c). The current
 * weights are kept per backend key, so a backend left out for a while (unfit, or tried
 * already) keeps its place. One lock, as nginx holds one per upstream: the work under it is a
 * few additions per backend.
 */
final class WeightedRoundRobin implements Strategy {
    private final Map<String, long[]> current = new HashMap<>();

    @Override
    public synchronized Endpoint pick(List<Endpoint> candidates, RequestView request) {
        if (current.size() > 4 * candidates.size() + 16) {
            current.clear(); // keys of backends long removed
        }
        Endpoint best = null;
        long[] bestWeight = null;
        long total = 0;
        for (Endpoint e : candidates) {
            long[] w = current.computeIfAbsent(e.key(), k -> new long[1]);
            w[0] += e.weight();
            total += e.weight();
            if (best == null || w[0] > bestWeight[0]) {
                best = e;
                bestWeight = w;
            }
        }
        bestWeight[0] -= total;
        return best;
    }
}
