package lb.guard;

import jakarta.servlet.http.HttpServletRequest;

/** A servlet request seen as a {@link RequestHead}, without copying anything. */
public record ServletRequestHead(HttpServletRequest request) implements RequestHead {
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
}
