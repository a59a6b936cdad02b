package lb.proxy;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import lb.client.ExactRequest;

/** How the client framed its request body (RFC 9112 6.3). */
final class RequestBody {
    private RequestBody() {
    }

    /** The body's length, {@link ExactRequest#CHUNKED} or {@link ExactRequest#NO_BODY}. */
    static long length(HttpServletRequest request) {
        String transferEncoding = request.getHeader("Transfer-Encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return ExactRequest.CHUNKED;
        }
        long length = request.getContentLengthLong();
        return length >= 0 ? length : ExactRequest.NO_BODY;
    }
}
