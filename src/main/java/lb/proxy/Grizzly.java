package lb.proxy;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;

/**
 * Two things a proxy needs that the servlet API cannot say, reached on Payara through its
 * Grizzly request: whether the request line had a bare '?', and cutting the client connection
 * so a response the backend broke off cannot look complete. Elsewhere both quietly do nothing.
 */
final class Grizzly {
    private static final Logger LOG = Logger.getLogger(Grizzly.class.getName());
    private static final ClassValue<Map<String, Optional<Method>>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Optional<Method>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Grizzly() {
    }

    /** "/x?" and "/x" both have a null getQueryString(); Grizzly's parsed request line tells them apart. */
    static boolean hasEmptyQuery(ServletRequest request) {
        Object query = call(grizzlyRequest(request), "getRequest", "getQueryStringDC");
        return query != null && Boolean.FALSE.equals(call(query, "isNull"));
    }

    /** Closes the client's connection at once: no final chunk, no keep-alive. */
    static void abortConnection(ServletRequest request) {
        call(grizzlyRequest(request), "getContext", "getConnection", "closeSilently");
    }

    private static Object grizzlyRequest(ServletRequest request) {
        while (request instanceof ServletRequestWrapper wrapper) {
            request = wrapper.getRequest();
        }
        return call(request, "getUnwrappedCoyoteRequest", "getCoyoteRequest");
    }

    /** Calls public no-argument methods one after another; null when any step is missing. */
    private static Object call(Object target, String... names) {
        Object o = target;
        for (String name : names) {
            if (o == null) return null;
            try {
                Class<?> type = o.getClass();
                Optional<Method> m = METHODS.get(type).computeIfAbsent(name, n -> publicMethod(type, n));
                o = m.isEmpty() ? null : m.get().invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.FINE, "Grizzly call " + name + " failed", e);
                return null;
            }
        }
        return o;
    }

    private static Optional<Method> publicMethod(Class<?> type, String name) {
        try {
            return Optional.of(type.getMethod(name));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }
}
