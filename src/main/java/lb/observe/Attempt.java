package lb.observe;

import lb.balancing.Endpoint;

/**
 * One try of a request on one backend.
 *
 * @param status   the backend's status, or the balancer's own 502/504 when the backend gave no
 *                 usable answer ({@code answered} false)
 * @param answered whether the backend answered at all (false: refused, reset, timed out, invalid)
 * @param nanos    from sending the request to the end of the answer, or to the failure
 */
public record Attempt(Endpoint endpoint, int status, boolean answered, long nanos) {
}
