package lb.balancing;

import java.util.OptionalInt;

/**
 * What an operator changed on one backend at run time, over its configured entry, as HAProxy's
 * runtime API does: drained (no new requests), disabled (HAProxy's "maint": no requests, no
 * health checks) and a weight. Drained and disabled exclude each other, as HAProxy's server
 * states do. The configuration stays the base: clearing the override gives the configured
 * backend back.
 *
 * @param weight the weight in force instead of the configured one; empty for the configured one
 */
public record RuntimeOverride(boolean drained, boolean disabled, OptionalInt weight) {
    public static final RuntimeOverride NONE = new RuntimeOverride(false, false, OptionalInt.empty());

    public RuntimeOverride {
        if (drained && disabled) throw new IllegalArgumentException("drained and disabled exclude each other");
    }

    public RuntimeOverride drain() {
        return new RuntimeOverride(true, false, weight);
    }

    public RuntimeOverride undrain() {
        return new RuntimeOverride(false, disabled, weight);
    }

    public RuntimeOverride disable() {
        return new RuntimeOverride(false, true, weight);
    }

    public RuntimeOverride enable() {
        return new RuntimeOverride(drained, false, weight);
    }

    public RuntimeOverride withWeight(int w) {
        return new RuntimeOverride(drained, disabled, OptionalInt.of(w));
    }

    public boolean isNone() {
        return equals(NONE);
    }

    @Override
    public String toString() {
        if (isNone()) return "none";
        StringBuilder s = new StringBuilder();
        if (drained) s.append("drained");
        if (disabled) s.append("disabled");
        weight.ifPresent(w -> s.append(s.isEmpty() ? "" : ", ").append("weight ").append(w));
        return s.toString();
    }
}
