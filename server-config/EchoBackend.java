import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A keep-alive HTTP/1.1 backend on 127.0.0.1:PORT that answers every request with the request
 * as it arrived: the head byte for byte (request line and header lines), then the body (de-chunked),
 * so a script can check what the balancer sent. Its answers carry {@code X-Backend: NAME} and two
 * {@code Set-Cookie} lines. Path /truncated answers a Content-Length of 100 with 10 bytes and
 * closes; /truncated-chunked sends one chunk of 10 bytes and closes without the last chunk; /count
 * reads the body without keeping it and answers with the head and "N bytes" in place of the body
 * (for uploads too large to echo). Runs until killed. Usage: java EchoBackend.java PORT NAME
 */
public class EchoBackend {
    public static void main(String[] args) throws IOException {
        String name = args[1];
        ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 50, InetAddress.getLoopbackAddress());
        while (true) {
            Socket s = server.accept();
            Thread t = new Thread(() -> serve(s, name));
            t.setDaemon(true);
            t.start();
        }
    }

    private static void serve(Socket s, String name) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) return;
                long length = 0;
                boolean chunked = false;
                for (String line : head.split("\r\n")) {
                    String lower = line.toLowerCase();
                    if (lower.startsWith("content-length:")) length = Long.parseLong(line.substring(15).trim());
                    if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
                }
                boolean count = head.substring(head.indexOf(' ') + 1).startsWith("/count");
                ByteArrayOutputStream kept = new ByteArrayOutputStream();
                long n = readBody(in, chunked, length, count ? OutputStream.nullOutputStream() : kept);
                byte[] received = count ? (n + " bytes").getBytes(StandardCharsets.US_ASCII) : kept.toByteArray();
                if (head.startsWith("GET /truncated ")) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                if (head.startsWith("GET /truncated-chunked ")) {
                    out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                body.write(head.getBytes(StandardCharsets.ISO_8859_1));
                body.write(received);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Backend: " + name
                        + "\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: " + body.size()
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                if (!head.startsWith("HEAD ")) body.writeTo(out);
                out.flush();
            }
        } catch (IOException e) {
            // the balancer closed the connection
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            byte[] b = head.toByteArray();
            int n = b.length;
            if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                return new String(b, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    /** Copies the body to {@code sink}, de-chunked; returns its length. */
    private static long readBody(InputStream in, boolean chunked, long length, OutputStream sink) throws IOException {
        if (!chunked) {
            return copy(in, length, sink);
        }
        long total = 0;
        while (true) {
            int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailer lines
                }
                return total;
            }
            total += copy(in, size, sink);
            readLine(in);
        }
    }

    private static long copy(InputStream in, long length, OutputStream sink) throws IOException {
        byte[] buffer = new byte[65536];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) throw new IOException("closed in a body");
            sink.write(buffer, 0, n);
            left -= n;
        }
        return length;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new IOException("closed");
            if (c != '\r') line.append((char) c);
        }
        return line.toString();
    }
}
