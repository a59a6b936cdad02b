package lb.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The admin page's files (lb/admin/ in the WAR): everything the page needs comes from the
 * balancer itself, nothing from a CDN, so it works on a network without the internet and no
 * third party sees who operates what.
 */
final class PageFiles {
    /**
     * The page's own files only: no inline script or style, no other site, no framing (an
     * operator's clicks cannot be hijacked by a page that embeds this one).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record File(byte[] body, String contentType, String etag) {
    }

    /** Path under the admin prefix -> file; the page itself is the prefix. */
    private static final Map<String, File> FILES = Map.of(
            "", load("page.html", "text/html;charset=UTF-8"),
            "page.js", load("page.js", "text/javascript;charset=UTF-8"),
            "page.css", load("page.css", "text/css;charset=UTF-8"),
            "icon.svg", load("icon.svg", "image/svg+xml"));

    private PageFiles() {
    }

    static boolean has(String path) {
        return FILES.containsKey(path);
    }

    /** Sends the file at {@code path} (one {@link #has}), or 304 when the browser's copy is current. */
    static void send(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        File f = FILES.get(path);
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        // Not no-referrer: under it a browser sends "Origin: null" with the page's POSTs, which the API refuses as cross-site.
        response.setHeader("Referrer-Policy", "same-origin");
        // Revalidated on every load, so a new WAR's page is never mixed with an old script.
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("ETag", f.etag);
        if (f.etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(304);
            return;
        }
        response.setContentType(f.contentType);
        response.setContentLength(f.body.length);
        response.getOutputStream().write(f.body);
    }

    private static File load(String name, String contentType) {
        try (InputStream in = PageFiles.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("lb/admin/" + name + " is missing from the WAR");
            byte[] body = in.readAllBytes();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return new File(body, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
