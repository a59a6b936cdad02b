package lb.accesslog;

import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import lb.balancing.LoadBalancer;
import lb.metrics.BalancerMetrics;
import lb.observe.Outcome;
import lb.observe.OutcomeListener;

/**
 * One line per request in the file {@code lb.access-log.path} names. The request thread only
 * takes what the line needs and queues it; a thread of its own formats and writes. That thread
 * follows the configuration: a new path, size or count reopens the files, a new format applies
 * from the next line, an empty path closes them.
 */
@ApplicationScoped
public class AccessLog implements OutcomeListener {
    private static final Logger LOG = Logger.getLogger(AccessLog.class.getName());
    /** Entries that may wait for the writer: about a second of a busy balancer, a few MB. */
    static final int CAPACITY = 16_384;
    /**
     * The writer's pause once the queue is empty. Request threads never wake it (a wake-up per
     * request would cost them a system call); lines reach the file up to this much later, in
     * batches of hundreds.
     */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    LoadBalancer loadBalancer;

    @Inject
    BalancerMetrics metrics;

    private final AccessLogWriter writer = new AccessLogWriter(CAPACITY, ZoneId.systemDefault(), AccessLogWriter::openFiles);
    private volatile boolean running;
    private Thread thread;
    /** Drops already added to the metric; the writer thread adds the rest, so request threads never touch it. */
    private long droppedReported;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        running = true;
        thread = threadFactory.newThread(this::run);
        thread.setName("lb-access-log");
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread == null) return;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void requestDone(Outcome outcome) {
        if (loadBalancer.settings().accessLog().enabled()) {
            writer.offer(Entry.of(outcome));
        }
    }

    /** Lines not written (queue full, file not writable), since the start: {@code lb_access_log_dropped_total}. */
    public long dropped() {
        return writer.dropped();
    }

    private void run() {
        AccessLogSettings settings = loadBalancer.settings().accessLog();
        try {
            while (running) {
                settings = loadBalancer.settings().accessLog();
                int written = writer.writePending(settings, System.currentTimeMillis());
                reportDrops();
                if (written < AccessLogWriter.BATCH) {
                    LockSupport.parkNanos(IDLE_NANOS);
                }
            }
            while (writer.writePending(settings, System.currentTimeMillis()) > 0) {
                // what was queued before the stop still goes out
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "the access log's writer stopped; no more lines are written", e);
        } finally {
            writer.close();
            reportDrops();
        }
    }

    private void reportDrops() {
        long dropped = writer.dropped();
        if (dropped > droppedReported) {
            metrics.accessLogDropped(dropped - droppedReported);
            droppedReported = dropped;
        }
    }
}
