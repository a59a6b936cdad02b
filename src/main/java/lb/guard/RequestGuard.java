package lb.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import lb.config.Limits;
import lb.config.Sizes;

/**
 * Refuses a request that a backend might read differently from the balancer, or that is over
 * a limit, before anything is forwarded (RFC 9112 and what nginx refuses). The server in front
 * has already refused what it cannot parse; this is what it lets through: a message framed by
 * both Content-Length and Transfer-Encoding (the classic smuggling request), a transfer coding
 * other than chunked, repeated Content-Length or Host fields, control characters, and so on.
 */
public final class RequestGuard {
    private RequestGuard() {
    }

    /** @return null when the request may be forwarded */
    public static Refusal check(RequestHead head, Limits limits) {
        String method = head.method();
        if (!HttpSyntax.isToken(method)) {
            return new Refusal(400, "invalid request method");
        }
        if (method.equals("CONNECT")) {
            return new Refusal(501, "CONNECT is not supported: this is a reverse proxy, not a tunnel");
        }
        Refusal refusal = checkLine(head, method, limits);
        if (refusal == null) refusal = checkFields(head, limits);
        if (refusal == null) refusal = checkHost(head);
        if (refusal == null) refusal = checkFraming(head);
        return refusal;
    }

    private static Refusal checkLine(RequestHead head, String method, Limits limits) {
        String target = head.target();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return new Refusal(400, "invalid character in the request target (only visible ASCII is allowed)");
            }
        }
        // Absolute-form reaches the application as a path; what is left is asterisk-form.
        if (target.equals("*") ? !method.equals("OPTIONS") : !target.startsWith("/")) {
            return new Refusal(400, "the request target must be a path, or * with OPTIONS");
        }
        int length = method.length() + 1 + target.length() + 1 + head.protocol().length();
        if (length > limits.requestLine()) {
            return new Refusal(414, "request line of " + length + " bytes is over the limit of "
                    + Sizes.format(limits.requestLine()));
        }
        return null;
    }

    private static Refusal checkFields(RequestHead head, Limits limits) {
        long size = 0;
        for (String name : head.names()) {
            if (!HttpSyntax.isToken(name)) {
                return new Refusal(400, "invalid header name");
            }
            for (String value : head.values(name)) {
                if (!HttpSyntax.isFieldValue(value)) {
                    return new Refusal(400, "invalid character in header " + name + " (CR, LF, NUL and other controls are not allowed)");
                }
                if (HttpSyntax.startsWithLoneColon(value)) {
                    return new Refusal(400, "whitespace between the header name " + name + " and its colon");
                }
                size += name.length() + 2 + value.length() + 2;
            }
        }
        if (size > limits.requestHeaders()) {
            return new Refusal(431, "request headers of " + size + " bytes are over the limit of "
                    + Sizes.format(limits.requestHeaders()));
        }
        return null;
    }

    /** RFC 9112 3.2: none in HTTP/1.1, more than one Host, or an invalid one, is a 400. */
    private static Refusal checkHost(RequestHead head) {
        List<String> hosts = list(head.values("Host"));
        if (hosts.isEmpty() && head.protocol().equals("HTTP/1.1")) {
            return new Refusal(400, "no Host header (HTTP/1.1 requires one)");
        }
        if (hosts.size() > 1) {
            return new Refusal(400, "more than one Host header");
        }
        if (hosts.size() == 1 && !HttpSyntax.isHost(hosts.get(0).trim())) {
            return new Refusal(400, "invalid Host header");
        }
        return null;
    }

    /** RFC 9112 6.1 and 6.3, refused as nginx refuses them. */
    private static Refusal checkFraming(RequestHead head) {
        List<String> transferEncoding = list(head.values("Transfer-Encoding"));
        List<String> contentLength = list(head.values("Content-Length"));
        if (!transferEncoding.isEmpty()) {
            if (!contentLength.isEmpty() || hasLine(head.raw(), "content-length:")) {
                return new Refusal(400, "both Content-Length and Transfer-Encoding");
            }
            if (head.protocol().equals("HTTP/1.0")) {
                return new Refusal(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (transferEncoding.size() > 1) {
                return new Refusal(400, "more than one Transfer-Encoding header");
            }
            if (!transferEncoding.get(0).trim().toLowerCase(Locale.ROOT).equals("chunked")) {
                return new Refusal(501, "unsupported Transfer-Encoding (only chunked is accepted)");
            }
        }
        if (contentLength.size() > 1) {
            return new Refusal(400, "more than one Content-Length header");
        }
        return null;
    }

    /** Whether a header line of the raw head starts with {@code prefix} (lower case, with its colon). */
    private static boolean hasLine(String raw, String prefix) {
        return raw != null && raw.toLowerCase(Locale.ROOT).contains("\n" + prefix);
    }

    private static List<String> list(Iterable<String> values) {
        List<String> out = new ArrayList<>(1);
        values.forEach(out::add);
        return out;
    }
}
