package lb.retry;

import static lb.retry.RetryPolicy.Outcome.BROKEN;
import static lb.retry.RetryPolicy.Outcome.GATEWAY_ERROR;
import static lb.retry.RetryPolicy.Outcome.NOT_CONNECTED;
import static lb.retry.RetryPolicy.Outcome.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    /** Which outcomes may be retried for a method, with and without a body. */
    private static String retried(String method, boolean body) {
        List<String> yes = new ArrayList<>();
        for (RetryPolicy.Outcome o : RetryPolicy.Outcome.values()) {
            if (RetryPolicy.mayRetry(method, body, o)) yes.add(o.name());
        }
        return String.join(" ", yes);
    }

    @Test
    void withoutABodyEverythingButATimeout() {
        for (String m : List.of("GET", "HEAD", "DELETE", "POST", "PATCH")) {
            assertEquals("NOT_CONNECTED BROKEN GATEWAY_ERROR", retried(m, false), m);
        }
    }

    @Test
    void withABodyOnlyIdempotentRequestsThatNeverConnected() {
        assertEquals("NOT_CONNECTED", retried("PUT", true));
        assertEquals("NOT_CONNECTED", retried("DELETE", true));
        assertEquals("", retried("POST", true));
        assertEquals("", retried("PATCH", true));
    }

    @Test
    void gatewayErrorsAre502503And504() {
        List<Integer> yes = new ArrayList<>();
        for (int s = 500; s < 510; s++) if (RetryPolicy.isGatewayError(s)) yes.add(s);
        assertEquals(List.of(502, 503, 504), yes);
        assertEquals(false, RetryPolicy.mayRetry("GET", false, TIMED_OUT));
        assertEquals(true, RetryPolicy.mayRetry("GET", false, BROKEN) && RetryPolicy.mayRetry("GET", false, GATEWAY_ERROR)
                && RetryPolicy.mayRetry("GET", false, NOT_CONNECTED));
    }
}
