package lb.proxy;

import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hop-by-hop headers (RFC 9110 7.6.1): they describe one connection, so a proxy removes them
 * in both directions, together with every header the Connection header names.
 */
final class HopByHop {
    private static final Set<String> ALWAYS = Set.of(
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private final Set<String> named;

    private HopByHop(Set<String> named) {
        this.named = named;
    }

    /** @param connectionValues every value of the message's Connection headers */
    static HopByHop of(Iterable<String> connectionValues) {
        Set<String> named = null;
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String t = token.trim();
                if (!t.isEmpty()) {
                    if (named == null) named = new TreeSet<>();
                    named.add(t.toLowerCase(Locale.ROOT));
                }
            }
        }
        return new HopByHop(named == null ? Set.of() : named);
    }

    static HopByHop of(Enumeration<String> connectionValues) {
        return of(() -> connectionValues.asIterator());
    }

    boolean removes(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT);
        return ALWAYS.contains(name) || named.contains(name);
    }
}
