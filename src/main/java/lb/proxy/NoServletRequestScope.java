package lb.proxy;

import org.glassfish.jersey.servlet.internal.spi.NoOpServletContainerProvider;
import org.glassfish.jersey.servlet.internal.spi.RequestScopedInitializerProvider;

/**
 * Stops Jersey's servlet container from putting the servlet request and response into its HK2
 * request scope on every request (a lookup and a reference set for each, then their release):
 * nothing asks for them through {@code @Context}, {@link ExchangeFilter} hands them to the
 * resource. Found by Jersey through {@code META-INF/services}; RESTEasy (WildFly) and Open
 * Liberty's JAX-RS never read that file.
 */
public final class NoServletRequestScope extends NoOpServletContainerProvider {
    @Override
    public boolean bindsServletRequestResponse() {
        return true;
    }

    @Override
    public RequestScopedInitializerProvider getRequestScopedInitializerProvider() {
        return context -> injectionManager -> {
        };
    }
}
