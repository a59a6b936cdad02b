package lb.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class HopByHopTest {
    @Test
    void fixedSetPlusEveryHeaderConnectionNames() {
        HopByHop hop = HopByHop.of(List.of("keep-alive, X-Hop", " x-other ,"));
        for (String name : List.of("Connection", "KEEP-ALIVE", "Proxy-Connection", "TE", "Trailer",
                "Transfer-Encoding", "Upgrade", "x-hop", "X-Other")) {
            assertEquals(true, hop.removes(name), name);
        }
        for (String name : List.of("Host", "Content-Length", "X-Hopper", "Cookie", "Expect")) {
            assertEquals(false, hop.removes(name), name);
        }
    }
}
