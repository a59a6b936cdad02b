package lb.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CrossSiteTest {

    @Test
    void withoutOriginOrFetchMetadataARequestPasses() {
        assertNull(CrossSite.refusal(null, null, "http", "127.0.0.1:8080"), "curl");
        assertNull(CrossSite.refusal(null, null, "http", null));
    }

    @Test
    void theOwnOriginPassesWithTheDefaultPortWrittenOrNot() {
        assertNull(CrossSite.refusal("http://127.0.0.1:8080", "same-origin", "http", "127.0.0.1:8080"));
        assertNull(CrossSite.refusal("http://LB.example", null, "http", "lb.example:80"));
        assertNull(CrossSite.refusal("https://lb.example:443", null, "https", "lb.example"));
        assertNull(CrossSite.refusal("http://[::1]:8080", null, "http", "[::1]:8080"));
        assertNull(CrossSite.refusal(null, "none", "http", "lb.example"), "typed into the address bar");
    }

    @Test
    void anotherOriginOrSiteIsRefused() {
        assertEquals("cross-site request refused: Origin http://evil.example is not this server's",
                CrossSite.refusal("http://evil.example", null, "http", "127.0.0.1:8080"));
        assertEquals("cross-site request refused: Origin http://127.0.0.1:9090 is not this server's",
                CrossSite.refusal("http://127.0.0.1:9090", null, "http", "127.0.0.1:8080"), "another port");
        assertEquals("cross-site request refused: Origin https://lb.example is not this server's",
                CrossSite.refusal("https://lb.example", null, "http", "lb.example"), "another scheme");
        assertEquals("cross-site request refused: Origin null is not this server's",
                CrossSite.refusal("null", null, "http", "lb.example"), "a sandboxed page");
        assertEquals("cross-site request refused: Origin http://lb.example is not this server's",
                CrossSite.refusal("http://lb.example", null, "http", null));
        assertEquals("cross-site request refused: Sec-Fetch-Site cross-site",
                CrossSite.refusal(null, "cross-site", "http", "lb.example"));
        assertEquals("cross-site request refused: Sec-Fetch-Site same-site",
                CrossSite.refusal("http://lb.example", "same-site", "http", "lb.example"), "a sibling subdomain is another site's page");
    }
}
