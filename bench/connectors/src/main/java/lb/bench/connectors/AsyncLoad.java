package lb.bench.connectors;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.ws.rs.client.InvocationCallback;
import jakarta.ws.rs.core.Response;

/**
 * {@code inFlight} requests at all times through the client's async API: each completion
 * callback hands the answer to the executor (the connector's own I/O thread must not block on
 * the body), which reads it and sends the next request. The same executor is the client's
 * async executor, so a connector whose async call blocks holds one of its threads per request.
 */
final class AsyncLoad implements Load {
    private final int inFlight;
    private final ExecutorService executor;
    private final AtomicLong turn = new AtomicLong();
    private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[8192]);
    private volatile boolean running = true;

    AsyncLoad(int inFlight, ExecutorService executor) {
        this.inFlight = inFlight;
        this.executor = executor;
    }

    @Override
    public void start(Backends backends, Meter meter) {
        for (int i = 0; i < inFlight; i++) {
            executor.execute(() -> send(backends, meter));
        }
    }

    private void send(Backends backends, Meter meter) {
        if (!running) {
            return;
        }
        long started = System.nanoTime();
        try {
            backends.request(turn.getAndIncrement()).async().get(new InvocationCallback<Response>() {
                @Override
                public void completed(Response response) {
                    executor.execute(() -> {
                        try {
                            Backends.consume(response, buffers.get());
                            meter.succeeded(started);
                        } catch (Exception e) {
                            meter.failed(e);
                        }
                        send(backends, meter);
                    });
                }

                @Override
                public void failed(Throwable e) {
                    meter.failed(e);
                    executor.execute(() -> send(backends, meter));
                }
            });
        } catch (RuntimeException e) {
            meter.failed(e);
            executor.execute(() -> send(backends, meter));
        }
    }

    @Override
    public void stop() {
        running = false;
    }
}
