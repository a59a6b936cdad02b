package lb.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of the metrics endpoint (Prometheus text format), as sample values by series:
 * {@code name{label="value",...}} with the labels sorted and MicroProfile Metrics' own
 * {@code mp_scope} left out, so Payara's output and the bundled registry's read alike.
 */
public final class Scrape {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final Map<String, Double> samples = new TreeMap<>();

    public Scrape(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) throw new AssertionError("not a sample line: " + line);
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    if (!l.group(1).equals("mp_scope")) labels.put(l.group(1), l.group(2));
                }
            }
            Double previous = samples.put(series(m.group(1), labels), Double.parseDouble(m.group(3)));
            if (previous != null) throw new AssertionError("series twice in one scrape: " + line);
        }
    }

    /** The series' value; AssertionError when the scrape does not have it. */
    public double value(String name, String... labelPairs) {
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) labels.put(labelPairs[i], labelPairs[i + 1]);
        String series = series(name, labels);
        Double v = samples.get(series);
        if (v == null) throw new AssertionError("no series " + series + " in " + samples.keySet());
        return v;
    }

    private static String series(String name, Map<String, String> labels) {
        StringBuilder s = new StringBuilder(name);
        if (!labels.isEmpty()) {
            s.append('{');
            labels.forEach((k, v) -> s.append(k).append("=\"").append(v).append("\","));
            s.setCharAt(s.length() - 1, '}');
        }
        return s.toString();
    }
}
