import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WebSocket echo load: CONNS connections to ws://127.0.0.1:PORT/echo (the JDK's WebSocket
 * client), each sending a SIZE-byte binary message as soon as the echo of its last one is back
 * (closed loop). Counts the echoes over SECONDS, after WARMUP seconds of the same load.
 *
 * Usage: java WebSocketLoad.java PORT CONNS SECONDS SIZE [WARMUP]
 * Prints "messages/s N" and "p50_us N p99_us N" (round trips of the measured period).
 */
public class WebSocketLoad {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int conns = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        HttpClient http = HttpClient.newHttpClient();
        AtomicLong echoes = new AtomicLong();
        long[][] latencies = new long[conns][];
        List<Echoer> echoers = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            Echoer e = new Echoer(size, echoes);
            e.socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo"), e)
                    .get(30, TimeUnit.SECONDS);
            echoers.add(e);
        }
        echoers.forEach(Echoer::next);
        Thread.sleep(warmup * 1000L);
        echoers.forEach(Echoer::measure);
        long start = echoes.get();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long n = echoes.get() - start;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        List<Long> all = new ArrayList<>();
        for (Echoer e : echoers) {
            e.stop = true;
            synchronized (e) {
                all.addAll(e.rtts);
            }
        }
        all.sort(null);
        System.out.printf("messages/s %.0f%n", n / elapsed);
        System.out.printf("p50_us %d p99_us %d%n", all.isEmpty() ? -1 : all.get(all.size() / 2) / 1000,
                all.isEmpty() ? -1 : all.get((int) (all.size() * 0.99)) / 1000);
        for (Echoer e : echoers) e.socket.sendClose(1000, "").get(10, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static final class Echoer implements WebSocket.Listener {
        final byte[] message;
        final AtomicLong echoes;
        final List<Long> rtts = new ArrayList<>();
        WebSocket socket;
        volatile boolean stop;
        volatile boolean measuring;
        long sentAt;
        int received;

        Echoer(int size, AtomicLong echoes) {
            this.message = new byte[size];
            this.echoes = echoes;
        }

        void measure() {
            measuring = true;
        }

        void next() {
            if (stop) return;
            sentAt = System.nanoTime();
            socket.sendBinary(ByteBuffer.wrap(message), true);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            received += data.remaining();
            if (last && received >= message.length) {
                received = 0;
                if (measuring) {
                    synchronized (this) {
                        rtts.add(System.nanoTime() - sentAt);
                    }
                }
                echoes.incrementAndGet();
                next();
            }
            webSocket.request(1);
            return null;
        }
    }
}
