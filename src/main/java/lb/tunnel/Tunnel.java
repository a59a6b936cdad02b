package lb.tunnel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;

import lb.config.Durations;

/**
 * One upgraded connection: the client's (the server's, through the servlet API's non-blocking
 * streams) joined to the backend's (a channel on the {@link Relay}'s selector). Bytes pass as
 * they come, never parsed: WebSocket frames, pings and close codes go through untouched.
 * <p>
 * Each direction is a pump that any thread may start (a servlet callback, or the relay when the
 * backend is ready) and that runs on one thread at a time: a start while it runs makes it go
 * round once more. Neither waits: a pump that cannot go on (nothing to read, or the other side
 * not taking more) asks to be called again, by the server's listener or the relay's selector.
 * When either side ends or fails, what was read from it is passed on and both are closed.
 */
final class Tunnel implements ReadListener, WriteListener, IdleWatch.Watched {
    private static final Logger LOG = Logger.getLogger(Tunnel.class.getName());
    private static final int BUFFER_SIZE = 16 * 1024;
    /** Reads per pump run before it lets others go first (and asks to be called again). */
    private static final int FAIR_SHARE = 16;
    /** Per thread: a pump never runs inside another on one thread, but the two directions may share it. */
    private static final ThreadLocal<ByteBuffer> UP_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER_SIZE));
    private static final ThreadLocal<ByteBuffer> DOWN_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER_SIZE));

    private final SocketChannel backend;
    private final WebConnection client;
    private final ServletInputStream in;
    private final ServletOutputStream out;
    private final Relay relay;
    private final String name;
    private volatile SelectionKey key;

    private final AtomicInteger upRuns = new AtomicInteger();
    private final AtomicInteger downRuns = new AtomicInteger();
    /** Client bytes the backend has not taken yet; only the up pump touches it. */
    private ByteBuffer upPending;
    /** The backend's first bytes, read with its 101; only the down pump touches it. */
    private byte[] early;
    /** Written to the client and not flushed yet; only the down pump touches it. */
    private boolean unflushed;
    private volatile boolean clientEnded;
    private volatile long lastActive = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();

    Tunnel(SocketChannel backend, byte[] early, WebConnection client, Relay relay, String name) throws IOException {
        this.backend = backend;
        this.early = early;
        this.client = client;
        this.in = client.getInputStream();
        this.out = client.getOutputStream();
        this.relay = relay;
        this.name = name;
    }

    /** Starts relaying: the first write callback passes the early bytes and starts reading the backend. */
    void open() throws IOException {
        backend.configureBlocking(false);
        key = relay.register(backend, this);
        out.setWriteListener(this);
        in.setReadListener(this);
    }

    @Override
    public long lastActive() {
        return lastActive;
    }

    // ---- client to backend

    @Override
    public void onDataAvailable() {
        pumpUp();
    }

    @Override
    public void onAllDataRead() {
        clientEnded = true;
        pumpUp();
    }

    /** The relay: the backend takes bytes again. */
    void backendWritable() {
        pumpUp();
    }

    private void pumpUp() {
        int runs = upRuns.incrementAndGet();
        if (runs != 1) return; // running elsewhere: it goes round once more
        do {
            try {
                if (!closed.get()) up();
            } catch (IOException | RuntimeException e) {
                close("relaying to the backend failed: " + e);
            }
            runs = upRuns.addAndGet(-runs);
        } while (runs != 0);
    }

    private void up() throws IOException {
        if (upPending != null) {
            backend.write(upPending);
            if (upPending.hasRemaining()) {
                relay.interest(key, SelectionKey.OP_WRITE);
                return;
            }
            upPending = null;
        }
        ByteBuffer buffer = UP_BUFFER.get();
        for (int reads = 0; in.isReady(); reads++) {
            if (reads == FAIR_SHARE) {
                // Called again at once by the relay (the backend is writable), after the others' turn.
                relay.interest(key, SelectionKey.OP_WRITE);
                return;
            }
            int n = in.read(buffer.array());
            if (n < 0) {
                close("the client closed its connection");
                return;
            }
            if (n == 0) continue;
            lastActive = System.nanoTime();
            buffer.limit(n).position(0);
            backend.write(buffer);
            if (buffer.hasRemaining()) {
                upPending = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
                buffer.clear();
                relay.interest(key, SelectionKey.OP_WRITE);
                return;
            }
            buffer.clear();
        }
        if (clientEnded) {
            close("the client closed its connection"); // and the backend has taken all it sent
        }
        // Otherwise the server calls onDataAvailable (or onAllDataRead) when there is more.
    }

    // ---- backend to client

    @Override
    public void onWritePossible() {
        pumpDown();
    }

    /** The relay: the backend sent something, or closed. */
    void backendReadable() {
        pumpDown();
    }

    private void pumpDown() {
        int runs = downRuns.incrementAndGet();
        if (runs != 1) return;
        do {
            try {
                if (!closed.get()) down();
            } catch (IOException | RuntimeException e) {
                close("relaying to the client failed: " + e);
            }
            runs = downRuns.addAndGet(-runs);
        } while (runs != 0);
    }

    private void down() throws IOException {
        if (early != null) {
            byte[] first = early;
            early = null;
            if (first.length > 0) {
                out.write(first);
                unflushed = true;
            }
        }
        ByteBuffer buffer = DOWN_BUFFER.get();
        for (int reads = 0; out.isReady(); reads++) {
            if (reads == FAIR_SHARE) {
                flush();
                relay.interest(key, SelectionKey.OP_READ);
                return;
            }
            buffer.clear();
            int n = backend.read(buffer);
            if (n > 0) {
                lastActive = System.nanoTime();
                out.write(buffer.array(), 0, n);
                unflushed = true;
                continue;
            }
            flush(); // ready (checked above) and nothing written since: allowed without blocking
            if (n < 0) {
                close("the backend closed its connection");
            } else {
                relay.interest(key, SelectionKey.OP_READ);
            }
            return;
        }
        // The client is not taking more: the backend is not read until onWritePossible, which
        // also flushes what this run left in the server's buffer.
    }

    private void flush() throws IOException {
        if (unflushed) {
            unflushed = false;
            out.flush();
        }
    }

    // ---- either side

    @Override
    public void onError(Throwable t) {
        close("the client connection failed: " + t);
    }

    @Override
    public void idleTimedOut(Duration limit) {
        close("no bytes either way for " + Durations.format(limit) + " (lb.websocket.idle)");
    }

    /**
     * Closes both sides, once. The client's connection closes through the server, which sends
     * what was written to it first; the backend's closes at once.
     */
    void close(String why) {
        if (!closed.compareAndSet(false, true)) return;
        LOG.fine(() -> "upgraded connection " + name + " closed: " + why);
        relay.forget(this);
        if (key != null) key.cancel();
        try {
            backend.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the backend side of " + name, e);
        }
        try {
            client.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing the client side of " + name, e);
        }
    }
}
