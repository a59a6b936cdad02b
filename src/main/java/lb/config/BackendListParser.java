package lb.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import lb.balancing.Backend;

/**
 * Parses {@code lb.backends}. All or nothing: one bad entry rejects the whole list, so the
 * balancer never forwards to a half-parsed list.
 */
public final class BackendListParser {
    public static final int MAX_WEIGHT = 1000;

    private BackendListParser() {
    }

    public static List<Backend> parse(String text) throws BadValueException {
        List<Backend> backends = new ArrayList<>();
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            if (!trimmed.isEmpty()) {
                backends.add(parseEntry(backends.size(), trimmed));
            }
        }
        if (backends.isEmpty()) {
            throw new BadValueException("no backend is configured");
        }
        return List.copyOf(backends);
    }

    private static Backend parseEntry(int index, String entry) throws BadValueException {
        int semicolon = entry.indexOf(';');
        int weight = semicolon < 0 ? 1 : parseWeight(entry, entry.substring(semicolon + 1).trim());
        return parseUrl(index, semicolon < 0 ? entry : entry.substring(0, semicolon).trim(), weight);
    }

    /** {@code weight=N}, 0 to 1000 as in HAProxy's 0..256 and nginx's 1..: 0 drains the backend. */
    private static int parseWeight(String entry, String parameter) throws BadValueException {
        if (!parameter.matches("weight=\\d{1,4}") || Integer.parseInt(parameter.substring(7)) > MAX_WEIGHT) {
            throw new BadValueException("entry '" + entry + "' has '" + parameter + "'; expected weight=N with N from 0 to " + MAX_WEIGHT);
        }
        return Integer.parseInt(parameter.substring(7));
    }

    private static Backend parseUrl(int index, String entry, int weight) throws BadValueException {
        URI uri;
        try {
            uri = new URI(entry);
        } catch (URISyntaxException e) {
            throw new BadValueException("entry '" + entry + "' is not a URL: " + e.getReason());
        }
        if (uri.getScheme() == null || entry.matches("[^:/]+:\\d+(/.*)?")) {
            throw new BadValueException("entry '" + entry + "' has no scheme (write http://" + entry + ")");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BadValueException("entry '" + entry + "' has scheme '" + uri.getScheme() + "'; only http and https are supported");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new BadValueException("entry '" + entry + "' has no host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new BadValueException("entry '" + entry + "' may only have scheme, host, port and path");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new Backend(index, entry, scheme, uri.getHost().toLowerCase(Locale.ROOT), port, path, weight);
    }
}
