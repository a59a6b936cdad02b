package lb.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class TrafficTest {
    private static final long MS = 1_000_000; // nanoseconds

    @Test
    void bucketsCoverTheirRangeWithoutGaps() {
        assertEquals(0, LatencyBuckets.index(0));
        assertEquals(0, LatencyBuckets.index(15));
        assertEquals(1, LatencyBuckets.index(16));
        assertEquals(19, LatencyBuckets.upperBound(1));
        for (int i = 1; i < LatencyBuckets.COUNT; i++) {
            assertEquals(i, LatencyBuckets.index(LatencyBuckets.upperBound(i - 1) + 1), "first value of bucket " + i);
            assertEquals(i, LatencyBuckets.index(LatencyBuckets.upperBound(i)), "last value of bucket " + i);
        }
        assertEquals(LatencyBuckets.COUNT - 1, LatencyBuckets.index(Long.MAX_VALUE / 1000));
    }

    @Test
    void ratesErrorsAndPercentilesOfCompleteSlots() {
        Traffic t = new Traffic();
        long start = 1_000_000_000_000L; // a slot boundary
        // 98 requests of 1 ms and 2 of 100 ms in the first slot, one of them an error
        for (int i = 0; i < 98; i++) t.record(start + i, MS, false);
        t.record(start + 100, 100 * MS, true);
        t.record(start + 101, 100 * MS, false);
        // the current slot is left out
        assertEquals(0, t.last(start + 4_999, 10).requests());
        Traffic.Window w = t.last(start + 5_000, 10);
        assertEquals(100, w.requests());
        assertEquals(10.0, w.perSecond());
        assertEquals(0.01, w.errorRate());
        assertEquals(1.023, w.percentileMillis(0.5)); // 1000 us falls in [896, 1023]
        assertEquals(114.687, w.percentileMillis(0.99)); // 100,000 us falls in [98304, 114687]
        assertEquals(1.023, w.percentileMillis(0.98));
    }

    @Test
    void aSlotIsReusedAfterFiveMinutes() {
        Traffic t = new Traffic();
        long start = 1_000_000_000_000L;
        t.record(start, MS, false);
        long later = start + Traffic.SLOTS * Traffic.SLOT_MILLIS; // the same slot, a new window
        t.record(later, MS, true);
        t.record(later + 1, MS, true);
        Traffic.Window w = t.last(later + Traffic.SLOT_MILLIS, 5);
        assertEquals(2, w.requests());
        assertEquals(1.0, w.errorRate());
        t.record(start + 1, MS, false); // late for its window, dropped
        assertEquals(2, t.last(later + Traffic.SLOT_MILLIS, 5).requests());
    }

    @Test
    void historyHasOnePointPerSlotOldestFirst() {
        Traffic t = new Traffic();
        long start = 1_000_000_000_000L;
        for (int i = 0; i < 10; i++) t.record(start, 2 * MS, false);
        t.record(start + 3 * Traffic.SLOT_MILLIS, 2 * MS, true);
        long now = start + 4 * Traffic.SLOT_MILLIS;
        List<Traffic.Point> points = t.history(now);
        assertEquals(Traffic.SLOTS - 1, points.size());
        Traffic.Point last = points.get(points.size() - 1);
        assertEquals(start + 3 * Traffic.SLOT_MILLIS, last.startMillis());
        assertEquals(new Traffic.Point(start + 3 * Traffic.SLOT_MILLIS, 0.2, 1.0, 2.047, 2.047), last);
        assertEquals(new Traffic.Point(start + 2 * Traffic.SLOT_MILLIS, 0, 0, 0, 0), points.get(points.size() - 2));
        assertEquals(new Traffic.Point(start, 2.0, 0, 2.047, 2.047), points.get(points.size() - 4));
    }
}
