package lb.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private static int drain(RetryBudget b) {
        int n = 0;
        while (b.tryWithdraw()) n++;
        return n;
    }

    @Test
    void startsWithTenRetriesInHand() {
        assertEquals(10, drain(new RetryBudget()));
    }

    @Test
    void aFailingPoolGetsTwentyRetriesPerHundredRequests() {
        RetryBudget b = new RetryBudget();
        drain(b);
        int retries = 0;
        for (int i = 0; i < 1000; i++) {
            b.deposit(20);
            if (b.tryWithdraw()) retries++;
        }
        assertEquals(200, retries);
    }

    @Test
    void savingsAreCappedAtAHundred() {
        RetryBudget b = new RetryBudget();
        for (int i = 0; i < 10_000; i++) b.deposit(20);
        assertEquals(100, drain(b));
    }

    @Test
    void zeroPercentAllowsOnlyTheStartingTokens() {
        RetryBudget b = new RetryBudget();
        drain(b);
        for (int i = 0; i < 1000; i++) b.deposit(0);
        assertEquals(0, drain(b));
    }
}
