import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds many idle keep-alive connections to the balancer: opens COUNT connections, sends one
 * GET on each and reads the answer, prints "ready", sleeps HOLD seconds (the load runs then),
 * then sends a second GET on every connection to show it was kept, and prints the tally.
 *
 * Usage: java IdleConnections.java PORT COUNT HOLD_SECONDS PATH
 * Exit status 1 when any request failed.
 */
public class IdleConnections {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        long holdMillis = Long.parseLong(args[2]) * 1000;
        String path = args[3];
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        List<Socket> sockets = new ArrayList<>(count);
        List<InputStream> inputs = new ArrayList<>(count);
        int openFailed = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                s.setSoTimeout(30_000);
                InputStream in = new BufferedInputStream(s.getInputStream());
                exchange(s, in, request);
                sockets.add(s);
                inputs.add(in);
            } catch (IOException e) {
                openFailed++;
                s.close();
            }
        }
        System.out.printf("ready: %d open, %d failed to open, %.1f s%n", sockets.size(), openFailed,
                (System.nanoTime() - start) / 1e9);
        Thread.sleep(holdMillis);

        int kept = 0;
        int dropped = 0;
        for (int i = 0; i < sockets.size(); i++) {
            try {
                exchange(sockets.get(i), inputs.get(i), request);
                kept++;
            } catch (IOException e) {
                dropped++;
            }
            sockets.get(i).close();
        }
        System.out.printf("idle connections: %d kept and answered again, %d dropped, %d failed to open%n",
                kept, dropped, openFailed);
        System.exit(dropped == 0 && openFailed == 0 ? 0 : 1);
    }

    /** One request; reads the whole response (Content-Length framing) so the connection can be reused. */
    private static void exchange(Socket s, InputStream in, byte[] request) throws IOException {
        s.getOutputStream().write(request);
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) throw new IOException("closed");
            head.append((char) c);
        }
        if (!head.toString().startsWith("HTTP/1.1 200")) throw new IOException(head.toString());
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) length = Integer.parseInt(line.substring(15).trim());
        }
        if (in.readNBytes(length).length != length) throw new IOException("short body");
    }
}
