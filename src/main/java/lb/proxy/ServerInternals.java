package lb.proxy;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;

/**
 * What a proxy needs that the servlet API cannot say, reached through the server's own request
 * objects. On Payara, through its Grizzly request: whether the request line had a bare '?'; the
 * request head as it arrived (Grizzly drops a Content-Length that came before
 * Transfer-Encoding: chunked); cutting the client connection, so a response the backend broke
 * off cannot look complete; and whether the connection was cut already. On WildFly, through
 * Undertow's exchange: cutting the connection. Elsewhere each quietly does nothing.
 */
final class ServerInternals {
    private static final Logger LOG = Logger.getLogger(ServerInternals.class.getName());
    private static final ClassValue<Map<String, Optional<Method>>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Optional<Method>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /** HttpHeader keeps the buffer its head was parsed from in a field without a getter. */
    private static final ClassValue<Optional<Field>> HEADER_BUFFER = new ClassValue<>() {
        @Override
        protected Optional<Field> computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Field f = c.getDeclaredField("headerBuffer");
                    f.setAccessible(true);
                    return Optional.of(f);
                } catch (NoSuchFieldException e) {
                    // declared further up
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "Grizzly's header buffer is out of reach", e);
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }
    };

    private ServerInternals() {
    }

    /** The request line and header lines as the client sent them (ISO-8859-1), or null. */
    static String rawHead(ServletRequest request) {
        Object packet = call(grizzlyRequest(request), "getRequest");
        Optional<Field> field = packet == null ? Optional.empty() : HEADER_BUFFER.get(packet.getClass());
        if (field.isEmpty()) return null;
        try {
            Object buffer = field.get().get(packet);
            if (buffer == null) return null;
            Object limit = buffer.getClass().getMethod("limit").invoke(buffer);
            Method content = buffer.getClass().getMethod("toStringContent", Charset.class, int.class, int.class);
            return (String) content.invoke(buffer, StandardCharsets.ISO_8859_1, 0, limit);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "reading Grizzly's header buffer failed", e);
            return null;
        }
    }

    /** "/x?" and "/x" both have a null getQueryString(); Grizzly's parsed request line tells them apart. */
    static boolean hasEmptyQuery(ServletRequest request) {
        Object query = call(grizzlyRequest(request), "getRequest", "getQueryStringDC");
        return query != null && Boolean.FALSE.equals(call(query, "isNull"));
    }

    /** Closes the client's connection at once: no final chunk, no keep-alive. */
    static void abortConnection(ServletRequest request) {
        call(grizzlyRequest(request), "getContext", "getConnection", "closeSilently");
        call(unwrap(request), "getExchange", "getConnection", "close"); // Undertow
    }

    /**
     * True when this request's connection was closed before the request was served: Payara still
     * serves requests the client had pipelined behind one that was refused and its connection cut.
     */
    static boolean connectionClosed(ServletRequest request) {
        return Boolean.FALSE.equals(call(grizzlyRequest(request), "getContext", "getConnection", "isOpen"));
    }

    private static Object grizzlyRequest(ServletRequest request) {
        return call(unwrap(request), "getUnwrappedCoyoteRequest", "getCoyoteRequest");
    }

    private static ServletRequest unwrap(ServletRequest request) {
        while (request instanceof ServletRequestWrapper wrapper) {
            request = wrapper.getRequest();
        }
        return request;
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
