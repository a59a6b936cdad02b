package lb.metrics;

import java.util.function.DoubleSupplier;

import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The server's MicroProfile Metrics application registry, served by the server at its own
 * endpoint (Payara: {@code /_lb/metrics} with the shipped postboot file). Counters and gauges are
 * the registry's; a histogram is a {@link Buckets} shown as gauges named the Prometheus way
 * ({@code _bucket} with {@code le}, {@code _count}, {@code _sum}), since the server's own
 * Timer gives inexact buckets. Only loaded where the MicroProfile Metrics API exists.
 */
final class MicroProfileMeters implements Meters {
    private static final String TOTAL = "_total";

    private final MetricRegistry registry;

    private MicroProfileMeters(MetricRegistry registry) {
        this.registry = registry;
    }

    /** The server's application registry, or null when the server has no MicroProfile Metrics bean. */
    static Meters find(Instance<Object> beans) {
        // Through an injected Instance: Payara's registry producer reads the injection point,
        // which a programmatic CDI.current() lookup does not have (NullPointerException).
        Instance<MetricRegistry> registry = beans.select(MetricRegistry.class);
        return registry.isResolvable() ? new MicroProfileMeters(registry.get()) : null;
    }

    @Override
    public Count counter(String name, String help, String... labels) {
        // MicroProfile Metrics' Prometheus output adds _total to a counter's name itself.
        String base = name.endsWith(TOTAL) ? name.substring(0, name.length() - TOTAL.length()) : name;
        Counter c = registry.counter(Metadata.builder().withName(base).withDescription(help).build(), tags(labels));
        return new Count() {
            @Override
            public void inc() {
                c.inc();
            }

            @Override
            public void add(long n) {
                c.inc(n);
            }
        };
    }

    @Override
    public Timing histogram(String name, String help, double[] upperBounds, String... labels) {
        Buckets buckets = new Buckets(upperBounds);
        for (int i = 0; i <= upperBounds.length; i++) {
            int bucket = i;
            String le = i < upperBounds.length ? Double.toString(upperBounds[i]) : "+Inf";
            gauge(name + "_bucket", help, () -> buckets.cumulative(bucket), with(labels, "le", le));
        }
        gauge(name + "_count", help, buckets::count, labels);
        gauge(name + "_sum", help, buckets::sumSeconds, labels);
        return buckets::observe;
    }

    @Override
    public Runnable gauge(String name, String help, DoubleSupplier value, String... labels) {
        MetricID id = new MetricID(name, tags(labels));
        registry.gauge(Metadata.builder().withName(name).withDescription(help).build(), value::getAsDouble, id.getTagsAsArray());
        return () -> registry.remove(id);
    }

    private static Tag[] tags(String... labels) {
        Tag[] tags = new Tag[labels.length / 2];
        for (int i = 0; i < tags.length; i++) tags[i] = new Tag(labels[2 * i], labels[2 * i + 1]);
        return tags;
    }

    private static String[] with(String[] labels, String name, String value) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + 2);
        all[labels.length] = name;
        all[labels.length + 1] = value;
        return all;
    }
}
