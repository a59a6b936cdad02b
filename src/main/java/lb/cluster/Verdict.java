package lb.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One instance's word on one backend, as it publishes it in the grid: its active checks' state
 * and when it last checked, and its passive ejection. An instance publishes all of its verdicts
 * as one table (one line per backend) under its member id, so a member that leaves is one entry
 * to forget.
 *
 * @param up           its active checks' state
 * @param lastCheck    the latest check's outcome
 * @param checkedAt    when that check ended (ms); 0 for never
 * @param ejectedUntil the end of its ejection of the backend (ms); 0 for none
 */
record Verdict(boolean up, String lastCheck, long checkedAt, long ejectedUntil) {

    /** Backend key to verdict, as lines of tab-separated fields. */
    static String encodeTable(Map<String, Verdict> table) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Verdict> e : table.entrySet()) {
            Verdict v = e.getValue();
            s.append(clean(e.getKey())).append('\t').append(v.up ? "up" : "down").append('\t').append(v.checkedAt)
                    .append('\t').append(v.ejectedUntil).append('\t').append(clean(v.lastCheck)).append('\n');
        }
        return s.toString();
    }

    /** The table an entry holds; lines that are not verdicts are skipped. */
    static Map<String, Verdict> decodeTable(String text) {
        Map<String, Verdict> table = new LinkedHashMap<>();
        if (text == null) return table;
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", 5);
            if (f.length != 5 || !(f[1].equals("up") || f[1].equals("down"))) continue;
            try {
                table.put(f[0], new Verdict(f[1].equals("up"), f[4], Long.parseLong(f[2]), Long.parseLong(f[3])));
            } catch (NumberFormatException e) {
                // not a verdict
            }
        }
        return table;
    }

    /** No tab or line end inside a field. */
    private static String clean(String s) {
        return s.replaceAll("[\\t\\r\\n]", " ");
    }
}
