package lb.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ClientLimitTest {
    @Test
    void eachAddressHasItsOwnCountAndIsForgottenAtZero() {
        ClientLimit limit = new ClientLimit();
        ClientLimit.Slot a1 = limit.enter("a", 2);
        ClientLimit.Slot a2 = limit.enter("a", 2);
        assertNotNull(a1);
        assertNotNull(a2);
        assertNull(limit.enter("a", 2));
        ClientLimit.Slot b1 = limit.enter("b", 2);
        assertNotNull(b1);
        a1.close();
        ClientLimit.Slot a3 = limit.enter("a", 2);
        assertNotNull(a3);
        assertEquals(2, limit.inProgress("a"));
        a2.close();
        a3.close();
        b1.close();
        assertEquals(0, limit.inProgress("a"));
        assertEquals(0, limit.inProgress("b"));
        assertEquals(0, limit.tracked());
    }

    @Test
    void aLoweredLimitAdmitsNobodyNewUntilBelowIt() {
        ClientLimit limit = new ClientLimit();
        ClientLimit.Slot s1 = limit.enter("a", 3);
        ClientLimit.Slot s2 = limit.enter("a", 3);
        assertNull(limit.enter("a", 1));
        s1.close();
        assertNull(limit.enter("a", 1));
        s2.close();
        assertNotNull(limit.enter("a", 1));
    }

    @Test
    void withoutALimitNothingIsCounted() {
        ClientLimit limit = new ClientLimit();
        for (int i = 0; i < 1000; i++) assertNotNull(limit.enter("a", 0));
        assertEquals(0, limit.tracked());
        // Slots taken while unlimited end without touching counts taken after a limit was set.
        ClientLimit.Slot unlimited = limit.enter("a", 0);
        ClientLimit.Slot limited = limit.enter("a", 1);
        unlimited.close();
        assertNull(limit.enter("a", 1));
        limited.close();
        assertEquals(0, limit.tracked());
    }
}
