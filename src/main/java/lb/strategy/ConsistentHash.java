package lb.strategy;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import lb.balancing.Endpoint;

/**
 * A hash ring (Ketama): each backend owns points on a 64-bit circle, about 160 per backend and
 * in proportion to its weight; a key goes to the owner of the first point at or after the key's
 * hash. Adding or removing one of N backends moves only the keys between its points, about 1/N.
 * The ring is built once per candidate list and swapped atomically; a different list (a backend
 * unfit, or a retry leaving one out) builds another.
 */
final class ConsistentHash implements Strategy {
    private static final int POINTS_PER_BACKEND = 160;

    private final HashKey key;
    private final AtomicReference<Ring> ring = new AtomicReference<>();

    ConsistentHash(HashKey key) {
        this.key = key;
    }

    @Override
    public Endpoint pick(List<Endpoint> candidates, RequestView request) {
        Ring r = ring.get();
        if (r == null || !r.members.equals(candidates)) {
            r = new Ring(candidates);
            ring.set(r);
        }
        return r.owner(Hashing.hash64(key.of(request)));
    }

    private static final class Ring {
        final List<Endpoint> members;
        final long[] points;
        final Endpoint[] owners;

        Ring(List<Endpoint> members) {
            this.members = List.copyOf(members);
            long totalWeight = 0;
            for (Endpoint e : members) totalWeight += e.weight();
            long target = (long) POINTS_PER_BACKEND * members.size();
            int[] counts = new int[members.size()];
            int size = 0;
            for (int i = 0; i < counts.length; i++) {
                counts[i] = (int) Math.max(1, Math.round((double) target * members.get(i).weight() / totalWeight));
                size += counts[i];
            }
            long[] keyed = new long[size];
            Endpoint[] byPoint = new Endpoint[size];
            int n = 0;
            for (int i = 0; i < counts.length; i++) {
                for (int p = 0; p < counts[i]; p++) {
                    keyed[n] = Hashing.hash64(members.get(i).key() + "-" + p);
                    byPoint[n++] = members.get(i);
                }
            }
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Long.compare(keyed[a], keyed[b]));
            points = new long[size];
            owners = new Endpoint[size];
            for (int i = 0; i < size; i++) {
                points[i] = keyed[order[i]];
                owners[i] = byPoint[order[i]];
            }
        }

        Endpoint owner(long hash) {
            int i = Arrays.binarySearch(points, hash);
            if (i < 0) i = -i - 1;
            return owners[i == points.length ? 0 : i];
        }
    }
}
