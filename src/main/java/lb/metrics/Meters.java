package lb.metrics;

import java.util.function.DoubleSupplier;

/**
 * Where the balancer's metrics are recorded: the server's MicroProfile Metrics
 * ({@link MicroProfileMeters}), or a bundled Prometheus registry that the balancer exposes itself
 * ({@link PrometheusMeters}). One is chosen at start-up; {@link BalancerMetrics} records through it.
 * Labels are given as name, value, name, value...; every series of one name has the same label names.
 */
public interface Meters {
    /** One counter series; calls for the same name and labels give the same series. */
    Count counter(String name, String help, String... labels);

    /** One histogram series, in seconds, with these upper bounds (plus +Inf). */
    Timing histogram(String name, String help, double[] upperBounds, String... labels);

    /** One gauge series read at each scrape; run the returned action to remove it. */
    Runnable gauge(String name, String help, DoubleSupplier value, String... labels);

    /** A series of a counter, taken once and kept: recording is then a plain increment. */
    interface Count {
        void inc();

        void add(long n);
    }

    /** A series of a histogram of durations. */
    interface Timing {
        void observeNanos(long nanos);
    }
}
