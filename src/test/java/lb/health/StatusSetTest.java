package lb.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import lb.config.BadValueException;

class StatusSetTest {
    @Test
    void classesCodesAndRanges() throws Exception {
        StatusSet s = StatusSet.parse("2xx, 301, 400-404");
        for (int ok : new int[] {200, 204, 299, 301, 400, 404}) assertEquals(true, s.contains(ok), "" + ok);
        for (int no : new int[] {199, 300, 302, 399, 405, 500}) assertEquals(false, s.contains(no), "" + no);
    }

    @Test
    void badValues() {
        assertEquals("expected statuses such as 2xx, 200 or 200-399, comma-separated",
                assertThrows(BadValueException.class, () -> StatusSet.parse("ok")).getMessage());
        assertEquals("'300-200' is not a status range from 100 to 599",
                assertThrows(BadValueException.class, () -> StatusSet.parse("2xx,300-200")).getMessage());
        assertEquals("'099' is not a status range from 100 to 599",
                assertThrows(BadValueException.class, () -> StatusSet.parse("099")).getMessage());
    }
}
