package lb.balancing;

import java.util.ArrayList;
import java.util.List;

/** Endpoints for unit tests, written as "a", "b:3" (weight 3), "c:0" (drained). */
public final class Endpoints {
    private Endpoints() {
    }

    public static List<Endpoint> of(String... specs) {
        List<Endpoint> list = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split(":");
            int weight = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
            String url = "http://" + parts[0] + ":80";
            list.add(new Endpoint(new Backend(list.size(), url, "http", parts[0], 80, "", weight), url + "#1", 0));
        }
        return List.copyOf(list);
    }

    /** The host names of the picks, for exact sequence assertions. */
    public static String hosts(List<Endpoint> picks) {
        StringBuilder s = new StringBuilder();
        for (Endpoint e : picks) {
            if (!s.isEmpty()) s.append(' ');
            s.append(e.backend().host());
        }
        return s.toString();
    }

    /** Puts n requests in flight on e. */
    public static void load(Endpoint e, int n) {
        for (int i = 0; i < n; i++) e.tryAcquire(0);
    }
}
