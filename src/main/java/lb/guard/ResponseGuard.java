package lb.guard;

import java.util.List;
import java.util.Map;

import lb.config.Sizes;

/**
 * Checks a backend's response head before any of it reaches the client: a head the client could
 * read differently from the balancer (both Content-Length and Transfer-Encoding, two lengths,
 * control characters that would split the message) or one over {@code lb.limit.response-headers}
 * is answered 502 instead of passed on in part.
 */
public final class ResponseGuard {
    private ResponseGuard() {
    }

    /** @return what is wrong with the head, or null when it may be passed on */
    public static String check(Map<String, List<String>> headers, int limit) {
        boolean transferEncoding = false;
        int contentLengths = 0;
        long size = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey();
            if (!HttpSyntax.isToken(name)) {
                return "invalid header name";
            }
            transferEncoding |= name.equalsIgnoreCase("Transfer-Encoding");
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLengths += header.getValue().size();
            }
            for (String value : header.getValue()) {
                if (!HttpSyntax.isFieldValue(value)) {
                    return "invalid character in header " + name;
                }
                size += name.length() + 2 + value.length() + 2;
            }
        }
        if (transferEncoding && contentLengths > 0) {
            return "both Content-Length and Transfer-Encoding";
        }
        if (contentLengths > 1) {
            return "more than one Content-Length";
        }
        if (size > limit) {
            return "response headers of " + size + " bytes are over the limit of " + Sizes.format(limit);
        }
        return null;
    }
}
