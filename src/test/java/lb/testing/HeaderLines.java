package lb.testing;

import java.util.ArrayList;
import java.util.List;

/** Header lookups on header lines kept as sent: name and value pairs, in order. */
final class HeaderLines {
    private HeaderLines() {
    }

    /** The first value of a header, by case-insensitive name, or null. */
    static String first(List<String[]> headers, String name) {
        List<String> values = all(headers, name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a header, in order. */
    static List<String> all(List<String[]> headers, String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) values.add(h[1]);
        }
        return values;
    }
}
