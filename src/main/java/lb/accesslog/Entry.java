package lb.accesslog;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import lb.observe.Attempt;
import lb.observe.Outcome;
import lb.observe.SelfAnswer;

/**
 * What one access log line says, taken from an {@link Outcome} on the request thread: only
 * references to strings and immutable records, since the request is recycled once the
 * listeners return. Everything else (numbers to text, escaping, the time) is done by the writer.
 *
 * @param endMillis when the answer was complete, epoch milliseconds (nginx's {@code $time_local} is the log time)
 * @param user      the authenticated user of an admin request; null otherwise (forwarded requests are not authenticated here)
 * @param referer   null when absent, as are {@code userAgent} and {@code host}
 * @param attempts  every try on a backend, in order; empty for admin requests and self-answers before any try
 * @param reason    why the balancer answered itself; null when the answer is a backend's or an admin endpoint's
 * @param why       the one-line explanation sent with that answer
 */
public record Entry(long endMillis, String client, String user, String method, String target, String protocol,
        int status, long bytesSent, long totalNanos, String referer, String userAgent, String host,
        List<Attempt> attempts, SelfAnswer reason, String why) {

    static Entry of(Outcome outcome) {
        HttpServletRequest request = outcome.request();
        String query = request.getQueryString();
        String target = query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
        return new Entry(outcome.startMillis() + outcome.totalNanos() / 1_000_000, outcome.client(),
                outcome.isAdmin() ? request.getRemoteUser() : null,
                request.getMethod(), target, request.getProtocol(), outcome.status(), outcome.bytesSent(),
                outcome.totalNanos(), request.getHeader("Referer"), request.getHeader("User-Agent"), request.getHeader("Host"),
                List.copyOf(outcome.attempts()), outcome.selfAnswer(), outcome.why());
    }
}
