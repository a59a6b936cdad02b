package lb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ExactRequestTest {
    private static ExactRequest request(String method, long bodyLength) {
        return new ExactRequest(method, "/x", List.of(new Header("Host", "h")), bodyLength);
    }

    @Test
    void bodyBytesFollowOnlyWithALengthAboveZeroOrChunked() {
        assertEquals(false, request("GET", ExactRequest.NO_BODY).bodyFollows());
        assertEquals(false, request("POST", 0).bodyFollows());
        assertEquals(true, request("POST", 5).bodyFollows());
        assertEquals(true, request("POST", ExactRequest.CHUNKED).bodyFollows());
        assertEquals(true, request("GET", 0).hasBody());
    }

    @Test
    void onlyIdempotentRequestsWithoutBodyBytesAreSentTwice() {
        assertEquals(true, request("GET", ExactRequest.NO_BODY).repeatable());
        assertEquals(true, request("GET", 0).repeatable()); // JDK HttpClient's Content-Length: 0
        assertEquals(true, request("DELETE", ExactRequest.NO_BODY).repeatable());
        assertEquals(false, request("PUT", 5).repeatable());
        assertEquals(false, request("PUT", ExactRequest.CHUNKED).repeatable());
        assertEquals(false, request("POST", ExactRequest.NO_BODY).repeatable());
        assertEquals(false, request("PATCH", 0).repeatable());
    }
}
