package lb.bench.connectors;

import java.util.concurrent.atomic.AtomicLong;

/** {@code threads} threads, each sending the next request when its last answer is read (as wrk -c). */
final class BlockingLoad implements Load {
    private final int threads;
    private final AtomicLong turn = new AtomicLong();
    private volatile boolean running = true;

    BlockingLoad(int threads) {
        this.threads = threads;
    }

    @Override
    public void start(Backends backends, Meter meter) {
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                byte[] buffer = new byte[8192];
                while (running) {
                    long started = System.nanoTime();
                    try {
                        Backends.consume(backends.request(turn.getAndIncrement()).get(), buffer);
                        meter.succeeded(started);
                    } catch (Exception e) {
                        meter.failed(e);
                    }
                }
            }, "load-" + t);
            worker.setDaemon(true);
            worker.start();
        }
    }

    @Override
    public void stop() {
        running = false;
    }
}
