package lb.lifecycle;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import lb.config.Durations;

/**
 * The steps of a stop, on a {@link Gate} already draining: keep taking requests for the drain
 * time, close the gate, then wait for the requests in flight, at most the grace time. Time
 * passes through {@link Time}, so the unit tests run the steps on a fake clock.
 */
final class Stopping {
    private static final Logger LOG = Logger.getLogger(Stopping.class.getName());

    /**
     * How often the count of requests in flight is looked at while waiting. Polled, not
     * signalled: a request ending would otherwise have to check for a waiting stop, and a stop
     * happens once.
     */
    static final long POLL_MILLIS = 50;

    /** Clock and sleep. */
    interface Time {
        Time SYSTEM = new Time() {
            @Override
            public long millis() {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
            }

            @Override
            public void sleep(long millis) throws InterruptedException {
                Thread.sleep(millis);
            }
        };

        long millis();

        void sleep(long millis) throws InterruptedException;
    }

    private Stopping() {
    }

    /** @return the requests still in flight when the grace time ran out; 0 when all finished */
    static int run(Gate gate, Duration drain, Duration grace, Time time) throws InterruptedException {
        if (!drain.isZero()) {
            LOG.info(() -> "stopping: readiness is DOWN; requests are still taken for " + Durations.format(drain)
                    + " (lb.shutdown.drain)");
            time.sleep(drain.toMillis());
        }
        gate.close();
        long deadline = time.millis() + grace.toMillis();
        int left = gate.inFlight();
        if (left > 0) {
            int waitingFor = left;
            LOG.info(() -> "stopping: no new requests; waiting up to " + Durations.format(grace)
                    + " (lb.shutdown.grace) for " + waitingFor + " in flight");
        }
        for (long now = time.millis(); left > 0 && now < deadline; now = time.millis()) {
            time.sleep(Math.min(POLL_MILLIS, deadline - now));
            left = gate.inFlight();
        }
        int cut = left;
        if (cut > 0) {
            LOG.warning(() -> "stopping: " + cut + " requests still in flight after lb.shutdown.grace "
                    + Durations.format(grace) + "; the server cuts them");
        } else {
            LOG.info("stopping: no request in flight; the server stops");
        }
        return cut;
    }
}
