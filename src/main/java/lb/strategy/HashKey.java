package lb.strategy;

import java.util.Locale;

import lb.config.BadValueException;
import lb.config.SettingsReader;

/**
 * What consistent hashing hashes ({@code lb.hash.key}): {@code client-address} (the default),
 * {@code path}, {@code header:NAME} or {@code cookie:NAME}. A request without the header or
 * cookie falls back to its client address, so it still sticks to one backend.
 */
public record HashKey(Source source, String name) {
    public enum Source { CLIENT_ADDRESS, PATH, HEADER, COOKIE }

    public static HashKey parse(String text) throws BadValueException {
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("client-address")) return new HashKey(Source.CLIENT_ADDRESS, "");
        if (lower.equals("path")) return new HashKey(Source.PATH, "");
        if (lower.startsWith("header:") && t.length() > 7 && t.substring(7).matches(SettingsReader.TOKEN)) {
            return new HashKey(Source.HEADER, t.substring(7));
        }
        if (lower.startsWith("cookie:") && t.length() > 7 && t.substring(7).matches(SettingsReader.TOKEN)) {
            return new HashKey(Source.COOKIE, t.substring(7));
        }
        throw new BadValueException("expected client-address, path, header:NAME or cookie:NAME");
    }

    String of(RequestView request) {
        String key = switch (source) {
            case CLIENT_ADDRESS -> null;
            case PATH -> request.path();
            case HEADER -> request.header(name);
            case COOKIE -> request.cookie(name);
        };
        return key != null ? key : request.clientAddress();
    }

    @Override
    public String toString() {
        return switch (source) {
            case CLIENT_ADDRESS -> "client-address";
            case PATH -> "path";
            case HEADER -> "header:" + name;
            case COOKIE -> "cookie:" + name;
        };
    }
}
