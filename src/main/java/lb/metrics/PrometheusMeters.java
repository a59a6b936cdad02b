package lb.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * A Prometheus registry of the balancer's own, for servers without MicroProfile Metrics: the
 * balancer answers {@code {lb.admin.prefix}metrics} from it in the Prometheus text format.
 */
final class PrometheusMeters implements Meters {
    private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
    private final Map<String, Map<List<String>, DoubleSupplier>> gauges = new ConcurrentHashMap<>();

    @Override
    public Count counter(String name, String help, String... labels) {
        Counter family = counters.computeIfAbsent(name, n -> Counter.builder().name(n).help(help).labelNames(names(labels))
                .withoutExemplars().register(registry));
        CounterDataPoint series = family.labelValues(values(labels));
        return new Count() {
            @Override
            public void inc() {
                series.inc();
            }

            @Override
            public void add(long n) {
                series.inc(n);
            }
        };
    }

    @Override
    public Timing histogram(String name, String help, double[] upperBounds, String... labels) {
        Histogram family = histograms.computeIfAbsent(name, n -> Histogram.builder().name(n).help(help).labelNames(names(labels))
                .classicOnly().classicUpperBounds(upperBounds).withoutExemplars().register(registry));
        DistributionDataPoint series = family.labelValues(values(labels));
        return nanos -> series.observe(nanos / 1e9);
    }

    @Override
    public Runnable gauge(String name, String help, DoubleSupplier value, String... labels) {
        Map<List<String>, DoubleSupplier> series = gauges.computeIfAbsent(name, n -> {
            Map<List<String>, DoubleSupplier> map = new ConcurrentHashMap<>();
            GaugeWithCallback.builder().name(n).help(help).labelNames(names(labels))
                    .callback(callback -> map.forEach((values, supplier) -> callback.call(supplier.getAsDouble(),
                            values.toArray(String[]::new))))
                    .register(registry);
            return map;
        });
        List<String> key = List.of(values(labels));
        series.put(key, value);
        return () -> series.remove(key);
    }

    String contentType() {
        return TEXT.getContentType();
    }

    void write(OutputStream out) throws IOException {
        TEXT.write(out, registry.scrape());
    }

    private static String[] names(String[] labels) {
        String[] names = new String[labels.length / 2];
        for (int i = 0; i < names.length; i++) names[i] = labels[2 * i];
        return names;
    }

    private static String[] values(String[] labels) {
        String[] values = new String[labels.length / 2];
        for (int i = 0; i < values.length; i++) values[i] = labels[2 * i + 1];
        return values;
    }
}
