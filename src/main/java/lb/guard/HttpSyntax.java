package lb.guard;

/** The character rules of RFC 9110 that both directions are checked against. */
final class HttpSyntax {
    private HttpSyntax() {
    }

    /** 5.6.2 token: the characters of methods and header names. */
    static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && "!#$%&'*+-.^_`|~".indexOf(c) < 0) return false;
        }
        return true;
    }

    /** 5.5: no control characters but horizontal tab, so no CR, LF or NUL to split a message with. */
    static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7f) return false;
        }
        return true;
    }

    /**
     * A value that starts with a colon standing alone (": one", ":"). Undertow ends a header name
     * at a space, so it hands on {@code X-A : one} (whitespace before the colon, which RFC 9112 5.1
     * says a server must refuse) as header X-A with the value ": one". A colon followed by
     * anything else, as in the address "::1", is an ordinary value.
     */
    static boolean startsWithLoneColon(String s) {
        return !s.isEmpty() && s.charAt(0) == ':' && (s.length() == 1 || s.charAt(1) == ' ' || s.charAt(1) == '\t');
    }

    /**
     * RFC 9110 7.2 Host: an IP literal in brackets or a registered name (limited to what host
     * names really use), then an optional port of up to five digits. Checked by hand: a regular
     * expression here was 1.5% of a request's CPU.
     */
    static boolean isHost(String s) {
        int i = 0;
        int n = s.length();
        if (n > 0 && s.charAt(0) == '[') {
            int close = s.indexOf(']');
            if (close < 2) return false;
            for (i = 1; i < close; i++) {
                char c = s.charAt(i);
                boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                if (!hex && c != ':' && c != '.') return false;
            }
            i = close + 1;
        } else {
            while (i < n && isRegNameChar(s.charAt(i))) i++;
            if (i == 0) return false;
        }
        if (i == n) return true;
        if (s.charAt(i) != ':' || n - i - 1 < 1 || n - i - 1 > 5) return false;
        for (i++; i < n; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }

    private static boolean isRegNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "._~%-".indexOf(c) >= 0;
    }
}
