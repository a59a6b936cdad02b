package lb.proxy;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import lb.strategy.RequestView;

/** The request as the strategies see it. */
record ServletRequestView(HttpServletRequest request) implements RequestView {

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public String cookie(String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (c.getName().equals(name)) return c.getValue();
            }
        }
        return null;
    }

    @Override
    public String path() {
        return request.getRequestURI();
    }

    @Override
    public String clientAddress() {
        return request.getRemoteAddr();
    }
}
