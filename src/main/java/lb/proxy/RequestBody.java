package lb.proxy;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/** How the client framed its request body (RFC 9112 6.3). */
final class RequestBody {
    private RequestBody() {
    }

    /** The body's length, {@link OutboundRequest#CHUNKED} or {@link OutboundRequest#NO_BODY}. */
    static long length(HttpServletRequest request) {
        String transferEncoding = request.getHeader("Transfer-Encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return OutboundRequest.CHUNKED;
        }
        long length = request.getContentLengthLong();
        return length >= 0 ? length : OutboundRequest.NO_BODY;
    }
}
