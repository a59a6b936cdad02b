package lb.proxy;

import java.lang.reflect.Method;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;

/**
 * The servlet API reports "/x?" and "/x" alike: getQueryString() is null for both. Payara's
 * Grizzly request line still tells them apart, so a bare '?' can be forwarded as it came.
 * Elsewhere (no Grizzly underneath) the bare '?' is dropped, which no backend can tell from
 * an empty query anyway.
 */
final class GrizzlyRequestLine {
    /** RequestFacade -> catalina Request -> grizzly Request -> HttpRequestPacket -> query DataChunk. */
    private static final String[] PATH = {"getUnwrappedCoyoteRequest", "getCoyoteRequest", "getRequest", "getQueryStringDC"};
    private static volatile Method[] chain;

    private GrizzlyRequestLine() {
    }

    static boolean hasEmptyQuery(ServletRequest request) {
        while (request instanceof ServletRequestWrapper wrapper) {
            request = wrapper.getRequest();
        }
        try {
            Method[] methods = chain;
            if (methods == null) {
                methods = chain = resolve(request);
            }
            if (methods.length == 0) {
                return false;
            }
            Object o = request;
            for (int i = 0; i < PATH.length; i++) {
                o = methods[i].invoke(o);
            }
            return !(Boolean) methods[PATH.length].invoke(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Method[] resolve(Object request) {
        try {
            Method[] methods = new Method[PATH.length + 1];
            Object o = request;
            for (int i = 0; i < PATH.length; i++) {
                methods[i] = o.getClass().getMethod(PATH[i]);
                o = methods[i].invoke(o);
            }
            methods[PATH.length] = o.getClass().getMethod("isNull");
            return methods;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new Method[0];
        }
    }
}
