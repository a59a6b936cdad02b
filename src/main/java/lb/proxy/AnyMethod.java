package lb.proxy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.HttpMethod;

/**
 * The one method designator the catch-all resource answers to. {@link AnyMethodFilter} gives
 * every request this method before matching, so JAX-RS neither refuses extension methods
 * (PROPFIND, PURGE) with 405 nor answers HEAD and OPTIONS itself; the real method is read
 * from the servlet request.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@HttpMethod(AnyMethod.NAME)
public @interface AnyMethod {
    String NAME = "LB-ANY-METHOD";
}
