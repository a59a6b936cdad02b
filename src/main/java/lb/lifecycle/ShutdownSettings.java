package lb.lifecycle;

import java.time.Duration;

/**
 * How the balancer stops on SIGTERM.
 *
 * @param drain {@code lb.shutdown.drain}: readiness DOWN while requests are still taken; 0 for none
 * @param grace {@code lb.shutdown.grace}: then the longest wait for requests in flight; 0 cuts them at once
 */
public record ShutdownSettings(Duration drain, Duration grace) {
}
