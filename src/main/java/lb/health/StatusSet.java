package lb.health;

import java.util.ArrayList;
import java.util.List;

import lb.config.BadValueException;

/** HTTP statuses a health check accepts, written as {@code 2xx}, {@code 200}, {@code 200-399}, comma-separated. */
public record StatusSet(String text, List<int[]> ranges) {

    public static StatusSet parse(String text) throws BadValueException {
        List<int[]> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim().toLowerCase(java.util.Locale.ROOT);
            if (p.matches("[1-5]xx")) {
                int base = (p.charAt(0) - '0') * 100;
                ranges.add(new int[] {base, base + 99});
            } else if (p.matches("\\d{3}(-\\d{3})?")) {
                int from = Integer.parseInt(p.substring(0, 3));
                int to = p.length() > 3 ? Integer.parseInt(p.substring(4)) : from;
                if (from < 100 || to > 599 || from > to) {
                    throw new BadValueException("'" + part.trim() + "' is not a status range from 100 to 599");
                }
                ranges.add(new int[] {from, to});
            } else {
                throw new BadValueException("expected statuses such as 2xx, 200 or 200-399, comma-separated");
            }
        }
        return new StatusSet(text.trim(), List.copyOf(ranges));
    }

    public boolean contains(int status) {
        for (int[] r : ranges) {
            if (status >= r[0] && status <= r[1]) return true;
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusSet s && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
