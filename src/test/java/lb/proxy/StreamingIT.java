package lb.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import lb.testing.BalancerIT;
import lb.testing.LiveConfig;
import lb.testing.RawBackend;

/**
 * Bodies stream both ways and are never held whole: 1 GiB up and 1 GiB down through a
 * Payara Micro with a 256 MB heap (arquillian.xml), checked by SHA-256 on the far side.
 */
class StreamingIT extends BalancerIT {
    private static final long GIB = 1L << 30;
    private static final int BLOCK = 1 << 20;
    private static final RawBackend BACKEND;

    static {
        BACKEND = backend("stream")
                .route("/upload", e -> {
                    MessageDigest sha = sha256();
                    long count = 0;
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = e.body.read(buffer)) > 0; count += n) {
                        sha.update(buffer, 0, n);
                    }
                    e.respond(200, List.of("Content-Type: text/plain"),
                            (count + " " + HexFormat.of().formatHex(sha.digest())).getBytes(StandardCharsets.UTF_8));
                })
                .route("/download", e -> {
                    e.write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + GIB + "\r\n\r\n");
                    OutputStream out = e.out;
                    for (long i = 0; i < GIB / BLOCK; i++) {
                        out.write(block(i));
                    }
                    out.flush();
                });
        LiveConfig.reset(Map.of("lb.backends", BACKEND.url()));
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return lbWar();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Test
    void oneGibibyteUploadArrivesWhole() throws Exception {
        HttpRequest upload = HttpRequest.newBuilder(uri("/upload"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(Blocks::new), GIB))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(upload, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(GIB + " " + expectedSha(), r.body());
    }

    @Test
    void oneGibibyteDownloadArrivesWhole() throws Exception {
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri("/download")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals(Long.toString(GIB), r.headers().firstValue("Content-Length").orElse(""));
        MessageDigest sha = sha256();
        long count = 0;
        try (InputStream in = r.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; count += n) {
                sha.update(buffer, 0, n);
            }
        }
        assertEquals(GIB, count);
        assertEquals(expectedSha(), HexFormat.of().formatHex(sha.digest()));
    }

    /** 1 MiB of seeded random bytes, stamped with the block number so reordering shows. */
    private static final byte[] BASE = new byte[BLOCK];

    static {
        new SplittableRandom(42).nextBytes(BASE);
    }

    private static byte[] block(long i) {
        byte[] b = BASE.clone();
        ByteBuffer.wrap(b).putLong(i);
        return b;
    }

    private static String expectedSha() {
        MessageDigest sha = sha256();
        for (long i = 0; i < GIB / BLOCK; i++) sha.update(block(i));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 1 GiB body as a stream, produced block by block. */
    private static final class Blocks extends InputStream {
        private long next;
        private byte[] current = new byte[0];
        private int pos;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == current.length) {
                if (next == GIB / BLOCK) return -1;
                current = block(next++);
                pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
