package lb.client;

import java.io.Closeable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Connect and read timeouts for the backend sockets, enforced from one watching thread rather
 * than by {@code SO_TIMEOUT}. With a socket timeout the JDK switches the socket to non-blocking
 * mode and every read becomes read, poll and read again, three system calls where a blocking
 * read is one: blocking reads took 19% off the balancer's CPU per request (BENCHMARKS.md).
 * A timeout fires up to {@link #TICK_MILLIS} late.
 */
final class Deadlines implements AutoCloseable {
    private static final long TICK_MILLIS = 10;
    private static final Logger LOG = Logger.getLogger(Deadlines.class.getName());

    private final Set<Deadline> watched = ConcurrentHashMap.newKeySet();
    private final Thread watcher = new Thread(this::watch, "lb-backend-timeouts");

    Deadlines() {
        watcher.setDaemon(true);
    }

    /** Starts the watching thread; without it, {@link #expireDue} is left to the caller (tests). */
    Deadlines start() {
        watcher.start();
        return this;
    }

    /** The deadline of the operations on a new socket, watched until {@link #forget}. */
    Deadline watch(Closeable socket) {
        Deadline d = new Deadline(socket);
        watched.add(d);
        return d;
    }

    void forget(Deadline d) {
        watched.remove(d);
    }

    void expireDue(long now) {
        for (Deadline d : watched) {
            try {
                d.expireIfDue(now);
            } catch (RuntimeException e) {
                // One socket failing to close must not end the watch over all the others.
                LOG.log(Level.WARNING, "closing a backend socket past its deadline failed", e);
            }
        }
    }

    private void watch() {
        try {
            while (true) {
                TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
                expireDue(System.nanoTime());
            }
        } catch (InterruptedException e) {
            // close(): the client is shutting down.
        }
    }

    @Override
    public void close() {
        watcher.interrupt();
    }
}
