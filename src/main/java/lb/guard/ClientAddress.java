package lb.guard;

import java.util.ArrayList;
import java.util.List;

import lb.config.Cidr;

/**
 * The address a request really comes from. From a trusted proxy it is the last address in
 * X-Forwarded-For that is not itself a trusted proxy (nginx's real_ip_recursive); from anyone
 * else it is the connection's address, whatever headers they send.
 */
public final class ClientAddress {
    private ClientAddress() {
    }

    /** @param forwardedFor every X-Forwarded-For field line, in order */
    public static String of(String remoteAddr, Iterable<String> forwardedFor, List<Cidr> trustedProxies) {
        if (!Cidr.anyContains(trustedProxies, remoteAddr)) {
            return remoteAddr;
        }
        List<String> hops = new ArrayList<>();
        for (String line : forwardedFor) {
            for (String hop : line.split(",")) {
                if (!hop.isBlank()) hops.add(hop.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!Cidr.anyContains(trustedProxies, hops.get(i))) {
                return hops.get(i);
            }
        }
        return hops.isEmpty() ? remoteAddr : hops.get(0);
    }
}
