package lb.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class MetricsAccessTest {
    private static List<Boolean> guarded(String prefix, String... paths) {
        return java.util.Arrays.stream(paths).map(p -> MetricsAccess.isMetrics(p, prefix)).toList();
    }

    @Test
    void theMetricsEndpointAndWhatIsUnderItAreGuardedNothingElse() {
        assertEquals(List.of(true, true, true, false, false, false, false),
                guarded("/_lb/", "/_lb/metrics", "/_lb/metrics/", "/_lb/metrics/application", "/_lb/metricsx", "/_lb/status",
                        "/metrics", "/"));
    }

    @Test
    void underAnotherPrefixBothItsMetricsAndThePathWebXmlLeavesOpenAreGuarded() {
        assertEquals(List.of(true, true, true, false),
                guarded("/admin/", "/admin/metrics", "/admin/metrics/base", "/_lb/metrics", "/_lb/status"));
    }
}
