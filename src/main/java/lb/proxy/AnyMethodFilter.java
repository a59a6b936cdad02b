package lb.proxy;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/** See {@link AnyMethod}. */
@Provider
@PreMatching
public class AnyMethodFilter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        request.setMethod(AnyMethod.NAME);
    }
}
