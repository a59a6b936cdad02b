import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Large transfers through the balancer, both ways at once: a backend on 127.0.0.1:BACKEND_PORT
 * that serves GET /down (SIZE bytes) and answers PUT /up with the SHA-256 of what it received,
 * and a client that runs UPS uploads and DOWNS downloads through the balancer at the same time
 * and checks every SHA-256. The bytes are one seeded 1 MiB block repeated, so the expected
 * digest is computed once.
 *
 * Usage: java Transfers.java BALANCER_PORT BACKEND_PORT SIZE UPS DOWNS
 * Prints one line per transfer and "transfers: N ok, M failed"; exit status 1 on any failure.
 */
public class Transfers {
    private static final byte[] BLOCK = new byte[1 << 20];

    static {
        new Random(42).nextBytes(BLOCK);
    }

    public static void main(String[] args) throws Exception {
        int balancerPort = Integer.parseInt(args[0]);
        int backendPort = Integer.parseInt(args[1]);
        long size = Long.parseLong(args[2]);
        int ups = Integer.parseInt(args[3]);
        int downs = Integer.parseInt(args[4]);

        String expected = hex(digestOfStream(size));
        ServerSocket backend = new ServerSocket(backendPort, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> serve(backend, size), "backend");
        acceptor.setDaemon(true);
        acceptor.start();

        ExecutorService pool = Executors.newFixedThreadPool(ups + downs);
        List<Future<String>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < ups; i++) {
            int n = i;
            results.add(pool.submit(() -> "up " + n + ": " + check(expected, upload(balancerPort, size))));
        }
        for (int i = 0; i < downs; i++) {
            int n = i;
            results.add(pool.submit(() -> "down " + n + ": " + check(expected, download(balancerPort))));
        }
        int failed = 0;
        for (Future<String> f : results) {
            String line;
            try {
                line = f.get(30, TimeUnit.MINUTES);
            } catch (Exception e) {
                line = "error: " + e.getCause();
            }
            if (!line.endsWith("sha256 ok")) failed++;
            System.out.println(line);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("transfers: %d ok, %d failed, %.1f s, %.0f MB/s total%n",
                results.size() - failed, failed, seconds, results.size() * size / seconds / 1e6);
        pool.shutdownNow();
        backend.close();
        System.exit(failed == 0 ? 0 : 1);
    }

    private static String check(String expected, String got) {
        return expected.equals(got) ? "sha256 ok" : "sha256 MISMATCH " + got;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digestOfStream(long size) {
        MessageDigest sha = sha256();
        for (long left = size; left > 0; left -= BLOCK.length) {
            sha.update(BLOCK, 0, (int) Math.min(left, BLOCK.length));
        }
        return sha.digest();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static void writeStream(OutputStream out, long size) throws IOException {
        for (long left = size; left > 0; left -= BLOCK.length) {
            out.write(BLOCK, 0, (int) Math.min(left, BLOCK.length));
        }
        out.flush();
    }

    // ---- client side

    private static String upload(int port, long size) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /up HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + size
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            writeStream(out, size);
            InputStream in = new BufferedInputStream(s.getInputStream());
            long length = readHead(in);
            return new String(in.readNBytes((int) length), StandardCharsets.US_ASCII).trim();
        }
    }

    private static String download(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write("GET /down HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
            long length = readHead(in);
            return hex(digest(in, length));
        }
    }

    private static byte[] digest(InputStream in, long length) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new IOException("body ended after " + (length - left) + " of " + length + " bytes");
            sha.update(buf, 0, n);
            left -= n;
        }
        return sha.digest();
    }

    /** Reads a response or request head; returns its Content-Length (-1 when absent). */
    private static long readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) break;
        }
        long length = -1;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        if (c < 0) throw new IOException("connection closed in the head: " + head);
        return length;
    }

    // ---- backend side

    private static void serve(ServerSocket server, long size) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> exchange(s, size));
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void exchange(Socket s, long size) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
            in.mark(16);
            boolean put = in.read() == 'P';
            in.reset();
            long length = readHead(in);
            OutputStream out = s.getOutputStream();
            if (put) {
                byte[] digest = hex(digest(in, length)).getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " + digest.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(digest);
            } else {
                out.write(("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/octet-stream\r\nContent-Length: " + size + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                writeStream(out, size);
            }
            out.flush();
        } catch (IOException e) {
            System.out.println("backend: " + e);
        }
    }
}
