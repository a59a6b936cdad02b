package lb.tunnel;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One thread with one selector for the backend side of every upgraded connection, so an idle
 * connection holds a selection key, not a thread (the client side is the server's non-blocking
 * I/O). The same thread sweeps the idle timeout once a second.
 * <p>
 * A ready operation is taken out of the key's interest before its tunnel is called; the tunnel
 * asks for it again when it has to wait, so a tunnel busy on another thread is never selected
 * over and over.
 */
final class Relay implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Relay.class.getName());
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Selector selector;
    private final Thread thread;
    private final IdleWatch idle = new IdleWatch();
    private final Supplier<Duration> idleLimit;
    private volatile boolean running = true;

    /** @param idleLimit the idle timeout in force, asked at every sweep so a live change applies to open connections */
    Relay(Supplier<Duration> idleLimit) throws IOException {
        this.idleLimit = idleLimit;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "lb-websocket-relay");
        thread.setDaemon(true);
    }

    /** Starts the relay's thread; without it, {@link #turn} is left to the caller (tests). */
    Relay start() {
        thread.start();
        return this;
    }

    /** Watches a backend channel for {@code tunnel}, with no interest yet: the tunnel asks when it is ready. */
    SelectionKey register(SocketChannel channel, Tunnel tunnel) throws IOException {
        SelectionKey key = channel.register(selector, 0, tunnel);
        idle.watch(tunnel);
        return key;
    }

    void forget(Tunnel tunnel) {
        idle.forget(tunnel);
    }

    /** Waits for {@code op} on the key's channel. */
    void interest(SelectionKey key, int op) {
        if ((key.interestOpsOr(op) & op) == 0 && Thread.currentThread() != thread) {
            selector.wakeup(); // a selection under way would not see the new interest
        }
    }

    /** Calls the tunnels whose backend is ready, waiting for one up to {@code timeoutMillis} (0: not at all). */
    void turn(long timeoutMillis) throws IOException {
        if (timeoutMillis > 0) {
            selector.select(timeoutMillis);
        } else {
            selector.selectNow();
        }
        for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            dispatch(key);
        }
    }

    private void run() {
        long nextSweep = System.nanoTime() + SWEEP_NANOS;
        try {
            while (running) {
                turn(TimeUnit.NANOSECONDS.toMillis(SWEEP_NANOS));
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    idle.expire(now, idleLimit.get());
                    nextSweep = now + SWEEP_NANOS;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) LOG.log(Level.SEVERE, "the WebSocket relay stopped; upgraded connections are closed", e);
        } finally {
            closeAll();
        }
    }

    private static void dispatch(SelectionKey key) {
        Tunnel tunnel = (Tunnel) key.attachment();
        try {
            int ready = key.readyOps();
            key.interestOpsAnd(~ready);
            if ((ready & SelectionKey.OP_WRITE) != 0) tunnel.backendWritable();
            if ((ready & SelectionKey.OP_READ) != 0) tunnel.backendReadable();
        } catch (RuntimeException e) { // a key cancelled under us: the tunnel is closing anyway
            tunnel.close("relay failed: " + e);
        }
    }

    private void closeAll() {
        try {
            for (SelectionKey key : selector.keys()) {
                ((Tunnel) key.attachment()).close("the balancer is stopping");
            }
        } catch (ClosedSelectorException e) {
            // nothing left to close
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            if (thread.isAlive()) thread.join(5_000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the WebSocket relay's selector", e);
        }
    }
}
