package lb.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long MS = 1_000_000L;
    private static final UnaryOperator<String> NO_HEADERS = name -> null;

    private long now;
    private final RateLimiter limiter = new RateLimiter(() -> now, new MemoryBucketStore());

    private static RateSettings rate(String limit, int burst, String key) throws Exception {
        return new RateSettings("lb.rate", RequestRate.parse(limit), burst, RateKey.parse(key));
    }

    private long ask(RateSettings rate, String address, UnaryOperator<String> headers) {
        return limiter.retryAfter(rate, BucketKey.of(rate, address, headers), 100_000);
    }

    @Test
    void tenPerSecondWithABurstOfFive() throws Exception {
        RateSettings rate = rate("10", 5, "client-address");
        List<Long> answers = new ArrayList<>();
        for (int i = 0; i < 7; i++) answers.add(ask(rate, "10.0.0.1", NO_HEADERS));
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L, 1L), answers);
        now = 99 * MS;
        assertEquals(1, ask(rate, "10.0.0.1", NO_HEADERS));
        now = 100 * MS;
        assertEquals(0, ask(rate, "10.0.0.1", NO_HEADERS));
        assertEquals(1, ask(rate, "10.0.0.1", NO_HEADERS));
        assertEquals(0, ask(rate, "10.0.0.2", NO_HEADERS), "another client has its own bucket");
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilARequestWouldPass() throws Exception {
        RateSettings rate = rate("1r/m", 0, "client-address");
        assertEquals(0, ask(rate, "a", NO_HEADERS));
        assertEquals(60, ask(rate, "a", NO_HEADERS));
        now = 1 * MS;
        assertEquals(60, ask(rate, "a", NO_HEADERS));
        now = 1000 * MS;
        assertEquals(59, ask(rate, "a", NO_HEADERS));
        now = 59_999 * MS;
        assertEquals(1, ask(rate, "a", NO_HEADERS));
        now = 60_000 * MS;
        assertEquals(0, ask(rate, "a", NO_HEADERS));
    }

    @Test
    void aHeaderGroupsRequestsAndItsAbsenceFallsBackToTheAddress() throws Exception {
        RateSettings rate = rate("1r/m", 1, "header:X-Api-Key");
        UnaryOperator<String> alpha = Map.of("X-Api-Key", "alpha")::get;
        assertEquals(0, ask(rate, "10.0.0.1", alpha));
        assertEquals(0, ask(rate, "10.0.0.2", alpha));
        assertEquals(60, ask(rate, "10.0.0.3", alpha), "one key, whatever the address");
        assertEquals(0, ask(rate, "10.0.0.1", Map.of("X-Api-Key", "beta")::get));

        assertEquals(0, ask(rate, "10.0.0.1", NO_HEADERS));
        assertEquals(0, ask(rate, "10.0.0.1", Map.of("X-Api-Key", " ")::get), "a blank value is no value");
        assertEquals(60, ask(rate, "10.0.0.1", NO_HEADERS));
        assertEquals(0, ask(rate, "10.0.0.2", NO_HEADERS));

        UnaryOperator<String> posingAsAnAddress = Map.of("X-Api-Key", "10.0.0.1")::get;
        assertEquals(0, ask(rate, "10.0.0.9", posingAsAnAddress), "a header value never takes from an address's bucket");
    }

    @Test
    void aChangedRateKeepsEachClientsBucketAndAnotherScopeHasItsOwn() throws Exception {
        assertEquals(0, ask(rate("10", 0, "client-address"), "a", NO_HEADERS));
        RateSettings slower = rate("1", 0, "client-address");
        assertEquals(1, ask(slower, "a", NO_HEADERS));
        now = 100 * MS;
        assertEquals(0, ask(slower, "a", NO_HEADERS));

        RateSettings route = new RateSettings("lb.route.api.rate", slower.limit(), 0, slower.key());
        assertEquals(0, ask(route, "a", NO_HEADERS));
        assertEquals(1, ask(route, "a", NO_HEADERS));
    }
}
