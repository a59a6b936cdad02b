package lb.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import lb.config.BadValueException;

class RequestRateTest {
    @Test
    void nginxRatesAndBareNumbersPerSecond() throws Exception {
        assertEquals(100_000_000, RequestRate.parse("10").intervalNanos());
        assertEquals(100_000_000, RequestRate.parse("10r/s").intervalNanos());
        assertEquals(2_000_000_000, RequestRate.parse("30r/m").intervalNanos());
        assertEquals(2_000_000_000, RequestRate.parse("0.5").intervalNanos());
        assertEquals(333_333_333, RequestRate.parse("3").intervalNanos());
        assertEquals(1000, RequestRate.parse("1000000").intervalNanos());
        assertEquals(RequestRate.OFF, RequestRate.parse("0"));
        assertEquals(RequestRate.OFF, RequestRate.parse("0r/s"));
    }

    @Test
    void shownInTheShortestExactForm() throws Exception {
        assertEquals("10r/s", RequestRate.parse(" 10 R/S ").toString());
        assertEquals("30r/m", RequestRate.parse("0.5").toString());
        assertEquals("3r/s", RequestRate.parse("3").toString());
        assertEquals("90r/m", RequestRate.parse("1.5").toString());
        assertEquals("1.234r/s", RequestRate.parse("1.234").toString());
        assertEquals("7r/m", RequestRate.parse("7r/m").toString());
        assertEquals("0", RequestRate.OFF.toString());
    }

    @Test
    void outsideOneAMinuteToAMillionASecondIsRefused() {
        for (String bad : new String[] {"fast", "-1", "10r/h", "1e3", "0.5r/m", "1000001", ""}) {
            assertThrows(BadValueException.class, () -> RequestRate.parse(bad), bad);
        }
    }
}
