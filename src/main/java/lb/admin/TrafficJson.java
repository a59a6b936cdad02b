package lb.admin;

import java.util.List;
import java.util.function.ToDoubleFunction;

import lb.stats.Traffic;

/**
 * A {@link Traffic}'s figures as JSON members, the same names wherever they appear (a backend
 * of the API, the balancer as a whole, the history of the charts).
 */
final class TrafficJson {
    /** The stretch "now" covers: long enough to smooth a burst, short enough to show a change within a minute. */
    static final int NOW_SECONDS = 60;

    private TrafficJson() {
    }

    /** {@code "reqPerSec":..,"errorRate":..,"p50Ms":..,"p99Ms":..} over the last minute, complete slots only. */
    static StringBuilder now(StringBuilder json, Traffic traffic, long nowMillis) {
        Traffic.Window w = traffic.last(nowMillis, NOW_SECONDS);
        return json.append("\"reqPerSec\":").append(number(w.perSecond()))
                .append(",\"errorRate\":").append(number(w.errorRate()))
                .append(",\"p50Ms\":").append(number(w.percentileMillis(0.5)))
                .append(",\"p99Ms\":").append(number(w.percentileMillis(0.99)));
    }

    /**
     * {@code "start":..,"reqPerSec":[..],"errorRate":[..],"p50Ms":[..],"p99Ms":[..]}: the history
     * in columns, one value per slot from {@code start} on, so a chart reads one array per line.
     */
    static StringBuilder history(StringBuilder json, Traffic traffic, long nowMillis) {
        List<Traffic.Point> points = traffic.history(nowMillis);
        json.append("\"start\":").append(points.isEmpty() ? nowMillis : points.get(0).startMillis());
        column(json, "reqPerSec", points, Traffic.Point::perSecond);
        column(json, "errorRate", points, Traffic.Point::errorRate);
        column(json, "p50Ms", points, Traffic.Point::p50Millis);
        return column(json, "p99Ms", points, Traffic.Point::p99Millis);
    }

    private static StringBuilder column(StringBuilder json, String name, List<Traffic.Point> points,
            ToDoubleFunction<Traffic.Point> figure) {
        json.append(",\"").append(name).append("\":[");
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) json.append(',');
            json.append(number(figure.applyAsDouble(points.get(i))));
        }
        return json.append(']');
    }

    /** Three decimals are finer than the figures are true (percentiles are within 19%); fewer bytes every 2 s. */
    static String number(double d) {
        double rounded = Math.round(d * 1000) / 1000.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }
}
