package lb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void unitsAsNginxAndHaproxyUsersWriteThem() throws Exception {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("2s"));
        assertEquals(Duration.ofMinutes(1), Durations.parse(" 1m "));
        assertEquals(Duration.ofHours(1), Durations.parse("1H"));
        assertEquals(Duration.ofMillis(250), Durations.parse("250"));
    }

    @Test
    void badValuesAreRefusedWithAReason() {
        for (String bad : new String[] {"", "abc", "-1s", "0s", "1.5s", "2 seconds", "1d"}) {
            BadValueException e = assertThrows(BadValueException.class, () -> Durations.parse(bad), bad);
            assertEquals(bad.equals("0s") ? "a duration must be greater than zero"
                    : "expected a duration such as 500ms, 2s or 1m", e.getMessage());
        }
    }

    @Test
    void formattedInTheLargestExactUnit() {
        assertEquals("2s", Durations.format(Duration.ofSeconds(2)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("1m", Durations.format(Duration.ofSeconds(60)));
        assertEquals("2h", Durations.format(Duration.ofMinutes(120)));
    }
}
