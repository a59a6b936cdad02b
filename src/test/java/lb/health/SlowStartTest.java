package lb.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SlowStartTest {
    private static final Duration WINDOW = Duration.ofSeconds(30);

    @Test
    void theShareGrowsInAStraightLineFromTenPercent() {
        long back = 100_000;
        assertEquals(0.1, SlowStart.share(back, back, WINDOW));
        assertEquals(0.1, SlowStart.share(back + 3_000, back, WINDOW));
        assertEquals(0.5, SlowStart.share(back + 15_000, back, WINDOW));
        assertEquals(0.9, SlowStart.share(back + 27_000, back, WINDOW), 1e-9);
        assertEquals(1.0, SlowStart.share(back + 30_000, back, WINDOW));
    }

    @Test
    void noWindowOrNeverAwayMeansAFullShare() {
        assertEquals(1.0, SlowStart.share(5, 1, Duration.ZERO));
        assertEquals(1.0, SlowStart.share(5, 0, WINDOW));
    }
}
