package lb.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import lb.config.Cidr;

class ClientAddressTest {
    private static String of(String remote, List<String> forwardedFor, String trusted) throws Exception {
        return ClientAddress.of(remote, forwardedFor, Cidr.parseList(trusted));
    }

    @Test
    void fromAnUntrustedPeerTheHeaderIsIgnored() throws Exception {
        assertEquals("203.0.113.9", of("203.0.113.9", List.of("1.2.3.4"), ""));
        assertEquals("203.0.113.9", of("203.0.113.9", List.of("1.2.3.4"), "10.0.0.0/8"));
    }

    @Test
    void behindTrustedProxiesItIsTheLastUntrustedHop() throws Exception {
        assertEquals("198.51.100.7", of("10.0.0.2", List.of("198.51.100.7"), "10.0.0.0/8"));
        // A client's own forged entries come first; the proxies append after them.
        assertEquals("198.51.100.7", of("10.0.0.2", List.of("6.6.6.6, 198.51.100.7, 10.0.0.1"), "10.0.0.0/8"));
        assertEquals("198.51.100.7", of("10.0.0.2", List.of("6.6.6.6", "198.51.100.7,10.0.0.1"), "10.0.0.0/8"));
    }

    @Test
    void whenEveryHopIsTrustedTheFirstIsTheClient() throws Exception {
        assertEquals("10.0.0.5", of("10.0.0.2", List.of("10.0.0.5, 10.0.0.1"), "10.0.0.0/8"));
        assertEquals("10.0.0.2", of("10.0.0.2", List.of(), "10.0.0.0/8"));
    }
}
