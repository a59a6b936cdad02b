package lb.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class BucketKeyTest {
    private static final RateSettings BY_HEADER = new RateSettings("lb.rate", new RequestRate(1000), 0, new RateKey("X-Api-Key"));

    @Test
    void aLongValueIsKeptAsItsDigestSoEveryKeyIsSmall() {
        String token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + "x".repeat(2000);
        BucketKey key = BucketKey.of(BY_HEADER, "10.0.0.1", Map.of("X-Api-Key", token)::get);
        assertEquals(new BucketKey("lb.rate", true, "ey39YdENpT3m5R4iFLgGl4TKUzZxt7TBb4z5xOSlMBw"), key);
        BucketKey other = BucketKey.of(BY_HEADER, "10.0.0.1", Map.of("X-Api-Key", token + "y")::get);
        assertNotEquals(key, other);
        String exactlyLongest = "k".repeat(BucketKey.LONGEST);
        assertEquals(exactlyLongest, BucketKey.of(BY_HEADER, "a", Map.of("X-Api-Key", exactlyLongest)::get).value());
    }
}
