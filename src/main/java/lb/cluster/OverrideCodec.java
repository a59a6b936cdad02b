package lb.cluster;

import java.util.OptionalInt;

import lb.balancing.RuntimeOverride;

/**
 * A {@link RuntimeOverride} as the string the grid keeps ("drained,weight=5"): a string, so any
 * member reads it without the application's classes, and an operator reading the map sees it.
 */
final class OverrideCodec {
    private OverrideCodec() {
    }

    static String encode(RuntimeOverride o) {
        StringBuilder s = new StringBuilder();
        if (o.drained()) s.append("drained");
        if (o.disabled()) s.append("disabled");
        o.weight().ifPresent(w -> s.append(s.isEmpty() ? "" : ",").append("weight=").append(w));
        return s.toString();
    }

    /** The override a grid entry holds; none for no entry. Unknown words are skipped (a newer member may write more). */
    static RuntimeOverride decode(String value) {
        if (value == null || value.isEmpty()) return RuntimeOverride.NONE;
        boolean drained = false;
        boolean disabled = false;
        OptionalInt weight = OptionalInt.empty();
        for (String word : value.split(",")) {
            if (word.equals("drained")) {
                drained = true;
            } else if (word.equals("disabled")) {
                disabled = true;
            } else if (word.matches("weight=[0-9]{1,4}")) {
                weight = OptionalInt.of(Integer.parseInt(word.substring("weight=".length())));
            }
        }
        return new RuntimeOverride(drained && !disabled, disabled, weight);
    }
}
