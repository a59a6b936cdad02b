package lb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void unitsAsNginxUsersWriteThem() throws Exception {
        assertEquals(512, Sizes.parse("512"));
        assertEquals(8192, Sizes.parse("8k"));
        assertEquals(8192, Sizes.parse(" 8K "));
        assertEquals(1048576, Sizes.parse("1m"));
        assertEquals(2047 * 1048576, Sizes.parse("2047m"));
    }

    @Test
    void badValuesAreRefusedWithAReason() {
        for (String bad : new String[] {"", "k", "-1", "1.5k", "8 kilobytes", "1g", "8kb"}) {
            BadValueException e = assertThrows(BadValueException.class, () -> Sizes.parse(bad), bad);
            assertEquals("expected a size such as 512, 8k or 1m", e.getMessage());
        }
        for (String bad : new String[] {"0", "0k", "2048m", "999999999k"}) {
            BadValueException e = assertThrows(BadValueException.class, () -> Sizes.parse(bad), bad);
            assertEquals("a size must be between 1 byte and 2047m", e.getMessage());
        }
    }

    @Test
    void formattedInTheLargestExactUnit() {
        assertEquals("8k", Sizes.format(8192));
        assertEquals("8193", Sizes.format(8193));
        assertEquals("1m", Sizes.format(1048576));
        assertEquals("1025k", Sizes.format(1049600));
    }
}
