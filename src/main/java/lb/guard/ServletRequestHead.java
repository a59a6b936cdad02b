package lb.guard;

import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A servlet request seen as a {@link RequestHead}, without copying anything.
 *
 * @param rawHead reads the head as received from the server's own request, or gives null
 */
public record ServletRequestHead(HttpServletRequest request, Function<HttpServletRequest, String> rawHead)
        implements RequestHead {
    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String target() {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
    }

    @Override
    public String protocol() {
        return request.getProtocol();
    }

    @Override
    public Iterable<String> names() {
        return () -> request.getHeaderNames().asIterator();
    }

    @Override
    public Iterable<String> values(String name) {
        return () -> request.getHeaders(name).asIterator();
    }

    @Override
    public String raw() {
        return rawHead.apply(request);
    }
}
