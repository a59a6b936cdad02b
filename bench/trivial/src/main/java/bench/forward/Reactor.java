package bench.forward;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Forwarding without a thread waiting: the request's thread writes the request on a pooled
 * non-blocking connection and returns; this selector thread reads the answer and completes it.
 * Pooled connections stay registered for reads, so taking one costs no interest change and no
 * wake-up; an idle one that turns readable was closed by its backend.
 */
final class Reactor implements Runnable {
    private final Selector selector;
    private final ConcurrentLinkedQueue<SelectionKey>[] idle;
    private final ConcurrentLinkedQueue<Exchange> opening = new ConcurrentLinkedQueue<>();

    /** One answer awaited: completed with the body, or with the failure. */
    record Exchange(int backend, ByteBuffer in, Consumer<Object> done) {
    }

    @SuppressWarnings("unchecked")
    Reactor(String name) throws IOException {
        selector = Selector.open();
        idle = new ConcurrentLinkedQueue[Backends.count()];
        for (int i = 0; i < idle.length; i++) idle[i] = new ConcurrentLinkedQueue<>();
        Thread thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    void get(Consumer<Object> done) {
        Exchange exchange = new Exchange(Backends.next(), ByteBuffer.allocate(4096), done);
        SelectionKey key;
        while ((key = idle[exchange.backend()].poll()) != null) {
            key.attach(exchange);
            try {
                ((SocketChannel) key.channel()).write(ByteBuffer.wrap(RawHttp.REQUEST));
                return;
            } catch (IOException closedWhileIdle) {
                discard(key);
            }
        }
        opening.add(exchange);
        selector.wakeup();
    }

    @Override
    public void run() {
        while (selector.isOpen()) {
            try {
                selector.select();
                openPending();
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    read(key);
                }
            } catch (ClosedSelectorException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                e.printStackTrace();
            }
        }
    }

    /** Stops the selector thread; pooled connections close with the selector's keys. */
    void close() {
        for (SelectionKey key : selector.keys()) discard(key);
        try {
            selector.close();
        } catch (IOException ignored) {
            // Closed either way; the application is going away.
        }
    }

    private static void discard(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // Dropped either way.
        }
    }

    private void openPending() {
        Exchange exchange;
        while ((exchange = opening.poll()) != null) {
            try {
                SocketChannel channel = SocketChannel.open(Backends.address(exchange.backend()));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, exchange);
                channel.write(ByteBuffer.wrap(RawHttp.REQUEST));
            } catch (IOException e) {
                exchange.done().accept(e);
            }
        }
    }

    private void read(SelectionKey key) {
        Exchange exchange = (Exchange) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            if (exchange == null || channel.read(exchange.in()) < 0) {
                discard(key);
                if (exchange != null) exchange.done().accept(new IOException("backend closed the connection"));
                return;
            }
        } catch (IOException e) {
            discard(key);
            exchange.done().accept(e);
            return;
        }
        int start = RawHttp.bodyStart(exchange.in());
        if (start >= 0) {
            key.attach(null);
            idle[exchange.backend()].add(key);
            exchange.done().accept(RawHttp.body(exchange.in(), start));
        }
    }
}
