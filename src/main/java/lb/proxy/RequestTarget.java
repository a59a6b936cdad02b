package lb.proxy;

import jakarta.servlet.http.HttpServletRequest;

/** The client's request target as it arrived: percent-encoding, ';' parameters and query untouched. */
final class RequestTarget {
    private RequestTarget() {
    }

    static String of(HttpServletRequest request) {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        if (query != null) {
            return path + "?" + query;
        }
        return ServerInternals.hasEmptyQuery(request) ? path + "?" : path;
    }
}
