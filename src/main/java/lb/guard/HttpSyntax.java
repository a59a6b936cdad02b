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
}
