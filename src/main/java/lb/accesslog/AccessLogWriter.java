package lb.accesslog;

import java.io.IOException;
import java.time.ZoneId;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.ErrorManager;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The access log apart from its thread: request threads {@link #offer} entries; the writer thread
 * calls {@link #writePending} again and again, which formats what is queued and writes it through
 * a {@link java.util.logging.Handler} (a {@link FileHandler}, which rotates the files by size).
 * A line that cannot be written, because the queue is full or the file cannot be opened or
 * written (a full disk, a missing directory), is dropped and counted, never waited for; the
 * log says so once per failure, and once more when writing works again.
 */
final class AccessLogWriter {
    private static final Logger LOG = Logger.getLogger(AccessLogWriter.class.getName());
    /** Lines written at once: one write system call for all of them. */
    static final int BATCH = 1024;
    /** How long a file that could not be opened is left before the next try. */
    static final long REOPEN_MILLIS = 10_000;
    /** The line is the message, as it is: no time, level or logger name of JUL's own. */
    private static final Formatter AS_IS = new Formatter() {
        @Override
        public String format(LogRecord record) {
            return record.getMessage();
        }
    };

    /** Opens the files a configuration names. */
    @FunctionalInterface
    interface Opener {
        Handler open(AccessLogSettings settings) throws IOException;
    }

    private final LineQueue queue;
    private final LongAdder dropped = new LongAdder();
    private final ZoneId zone;
    private final Opener opener;

    // The rest is the writer thread's alone.
    private final Errors errors = new Errors();
    private final StringBuilder batch = new StringBuilder(128 * 1024);
    private AccessLogSettings current;
    private LineLayout layout;
    private AccessLogFormat layoutFormat;
    private Handler handler;
    private long openFailedAt;
    /** Dropped lines when the current failure began; -1 while writing works. */
    private long droppedBeforeFailure = -1;

    /** @param zone the time zone of the lines' times (nginx writes local time) */
    AccessLogWriter(int capacity, ZoneId zone, Opener opener) {
        this.queue = new LineQueue(capacity);
        this.zone = zone;
        this.opener = opener;
    }

    /**
     * {@code settings.path()} as a FileHandler pattern: rotated at {@code maxSize} over
     * {@code files} files, or one file that is never rotated when {@code maxSize} is 0. Appends,
     * so a restart continues the file, and another tool may empty it (logrotate's copytruncate).
     */
    static Handler openFiles(AccessLogSettings settings) throws IOException {
        return settings.maxSize() == 0
                ? new FileHandler(settings.path(), 0, 1, true)
                : new FileHandler(settings.path(), settings.maxSize(), settings.files(), true);
    }

    /** On a request thread: queues the entry, or counts it as dropped when the queue is full. */
    void offer(Entry entry) {
        if (!queue.offer(entry)) dropped.increment();
    }

    /** Lines not written, since the start. */
    long dropped() {
        return dropped.sum();
    }

    /**
     * On the writer thread: takes up to {@link #BATCH} queued entries and writes them in one go,
     * to the files and in the format {@code settings} name (opened again when they changed).
     *
     * @return how many entries were taken; fewer than {@link #BATCH} means the queue was emptied
     */
    int writePending(AccessLogSettings settings, long nowMillis) {
        configure(settings, nowMillis);
        batch.setLength(0);
        int taken = 0;
        try {
            for (Entry e; taken < BATCH && (e = queue.poll()) != null; taken++) {
                if (handler != null) layout.append(e, batch);
            }
            if (taken == 0 || !settings.enabled()) {
                return taken; // switched off while these waited: they were never to be written
            }
            if (handler == null) {
                dropped.add(taken);
                return taken;
            }
            errors.first = null;
            handler.publish(new LogRecord(Level.INFO, batch.toString()));
        } catch (RuntimeException e) {
            errors.first = e;
        }
        if (errors.first != null) {
            failing(errors.first);
            dropped.add(taken);
        } else if (droppedBeforeFailure >= 0) {
            long lost = dropped.sum() - droppedBeforeFailure;
            droppedBeforeFailure = -1;
            LOG.info(() -> "access log " + current.path() + " written again; " + lost + " lines were dropped meanwhile");
        }
        return taken;
    }

    /** Closes the files; the writer thread's last call. */
    void close() {
        if (handler != null) handler.close();
        handler = null;
        current = null;
    }

    private void configure(AccessLogSettings settings, long nowMillis) {
        if (!settings.enabled()) {
            close();
            droppedBeforeFailure = -1;
            return;
        }
        if (!settings.sameFiles(current)) {
            close();
            droppedBeforeFailure = -1;
            open(settings, nowMillis);
        } else if (handler == null && nowMillis - openFailedAt >= REOPEN_MILLIS) {
            open(settings, nowMillis);
        }
        if (settings.format() != layoutFormat) {
            layout = settings.format().layout(zone);
            layoutFormat = settings.format();
        }
        current = settings;
    }

    private void open(AccessLogSettings settings, long nowMillis) {
        try {
            Handler opened = opener.open(settings);
            opened.setFormatter(AS_IS); // every line is ASCII, so the handler's encoding does not matter
            opened.setFilter(null);
            opened.setLevel(Level.ALL);
            opened.setErrorManager(errors);
            handler = opened;
        } catch (IOException | RuntimeException e) {
            openFailedAt = nowMillis;
            current = settings;
            failing(e);
        }
    }

    private void failing(Exception e) {
        if (droppedBeforeFailure >= 0) return;
        droppedBeforeFailure = dropped.sum();
        LOG.warning(() -> "access log " + current.path() + " cannot be written (" + e
                + "); its lines are dropped and counted (lb_access_log_dropped_total) until it can");
    }

    /** What the handler reports instead of throwing: a failed write or flush. */
    private static final class Errors extends ErrorManager {
        Exception first;

        @Override
        public void error(String msg, Exception ex, int code) {
            if (first == null) first = ex != null ? ex : new IOException(msg + " (error code " + code + ")");
        }
    }
}
