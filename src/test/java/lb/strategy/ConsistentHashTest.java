package lb.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import lb.balancing.Endpoint;
import lb.balancing.Endpoints;
import lb.config.BadValueException;

class ConsistentHashTest {
    private static final int KEYS = 20_000;

    record Req(String header, String cookie, String path, String clientAddress) implements RequestView {
        @Override
        public String header(String name) {
            return name.equals("X-User") ? header : null;
        }

        @Override
        public String cookie(String name) {
            return name.equals("sid") ? cookie : null;
        }
    }

    private static Req client(String address) {
        return new Req(null, null, "/", address);
    }

    private static Map<String, String> assign(Strategy s, List<Endpoint> backends) {
        Map<String, String> owner = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            String key = "10.0." + (i / 250) + "." + (i % 250);
            owner.put(key, s.pick(backends, client(key)).backend().host());
        }
        return owner;
    }

    @Test
    void addingAFifthBackendMovesAboutAFifthOfTheKeysAllToIt() throws Exception {
        Strategy ring = Strategy.consistentHash(HashKey.parse("client-address"));
        List<Endpoint> five = Endpoints.of("a", "b", "c", "d", "e");
        Map<String, String> before = assign(ring, five.subList(0, 4));
        Map<String, String> after = assign(ring, five);
        int moved = 0;
        for (String key : before.keySet()) {
            if (!before.get(key).equals(after.get(key))) {
                moved++;
                assertEquals("e", after.get(key), key);
            }
        }
        double share = (double) moved / KEYS;
        assertTrue(share > 0.15 && share < 0.25, "moved " + share);
    }

    @Test
    void removingOneOfFourMovesOnlyItsKeys() throws Exception {
        Strategy ring = Strategy.consistentHash(HashKey.parse("client-address"));
        List<Endpoint> four = Endpoints.of("a", "b", "c", "d");
        Map<String, String> before = assign(ring, four);
        Map<String, String> after = assign(ring, List.of(four.get(0), four.get(1), four.get(3)));
        int moved = 0;
        for (String key : before.keySet()) {
            if (before.get(key).equals("c")) {
                moved++;
            } else {
                assertEquals(before.get(key), after.get(key), key);
            }
        }
        double share = (double) moved / KEYS;
        assertTrue(share > 0.19 && share < 0.31, "c owned " + share);
    }

    @Test
    void sharesFollowTheWeights() throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        assign(Strategy.consistentHash(HashKey.parse("client-address")), Endpoints.of("a:3", "b:1"))
                .values().forEach(h -> counts.merge(h, 1, Integer::sum));
        double a = counts.get("a") / (double) KEYS;
        assertTrue(a > 0.68 && a < 0.82, "a got " + a);
    }

    @Test
    void theKeyComesFromTheConfiguredPartWithTheClientAddressAsFallback() throws Exception {
        List<Endpoint> backends = Endpoints.of("a", "b", "c", "d");
        for (String spec : List.of("header:X-User", "cookie:sid", "path")) {
            Strategy s = Strategy.consistentHash(HashKey.parse(spec));
            List<String> same = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                same.add(s.pick(backends, new Req("user-7", "sess-7", "/cart/7", "10.1.1." + i)).backend().host());
            }
            assertEquals(1, same.stream().distinct().count(), spec + " ignored the client address");
        }
        Strategy byHeader = Strategy.consistentHash(HashKey.parse("header:X-User"));
        Endpoint fromAddress = Strategy.consistentHash(HashKey.parse("client-address")).pick(backends, client("10.9.9.9"));
        assertEquals(fromAddress, byHeader.pick(backends, client("10.9.9.9")));
    }

    @Test
    void badKeysAreRefusedWithTheForms() {
        for (String bad : List.of("ip", "header:", "cookie:a b", "")) {
            assertEquals("expected client-address, path, header:NAME or cookie:NAME",
                    assertThrows(BadValueException.class, () -> HashKey.parse(bad)).getMessage());
        }
    }
}
