package lb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.Test;

/** The watcher's rule on a fake clock (nanoseconds); no thread is started. */
class DeadlinesTest {
    private static final long MS = 1_000_000;

    /** A socket that counts how often it was closed. */
    private static final class Socket implements Closeable {
        int closes;

        @Override
        public void close() {
            closes++;
        }
    }

    private final Deadlines deadlines = new Deadlines();
    private final Socket socket = new Socket();
    private final Deadline deadline = deadlines.watch(socket);

    @Test
    void aReadThatEndsInTimeIsLeftAlone() {
        deadline.arm(1_000 * MS, 700);
        deadlines.expireDue(1_699 * MS);
        assertTrue(deadline.disarm());
        deadlines.expireDue(5_000 * MS);
        assertEquals(0, socket.closes);
    }

    @Test
    void aReadStillWaitingAtItsDeadlineHasItsSocketClosedOnce() {
        deadline.arm(1_000 * MS, 700);
        deadlines.expireDue(1_700 * MS);
        deadlines.expireDue(1_710 * MS);
        assertEquals(1, socket.closes);
        assertFalse(deadline.disarm());
    }

    @Test
    void eachReadGetsTheWholeTimeoutAgain() {
        deadline.arm(1_000 * MS, 700);
        deadlines.expireDue(1_600 * MS);
        assertTrue(deadline.disarm());
        deadline.arm(1_600 * MS, 700);
        deadlines.expireDue(2_299 * MS);
        assertEquals(0, socket.closes);
        deadlines.expireDue(2_300 * MS);
        assertEquals(1, socket.closes);
    }

    @Test
    void noTimeoutWaitsForEver() {
        deadline.arm(1_000 * MS, 0);
        deadlines.expireDue(Long.MAX_VALUE);
        assertEquals(0, socket.closes);
        assertTrue(deadline.disarm());
    }

    @Test
    void aForgottenSocketIsNoLongerWatched() {
        deadline.arm(1_000 * MS, 700);
        deadlines.forget(deadline);
        deadlines.expireDue(9_000 * MS);
        assertEquals(0, socket.closes);
    }

    @Test
    void aSocketThatFailsToCloseDoesNotStopTheOthersExpiring() {
        Deadline failing = deadlines.watch(() -> {
            throw new IllegalStateException("close failed");
        });
        failing.arm(1_000 * MS, 700);
        deadline.arm(1_000 * MS, 700);
        deadlines.expireDue(1_700 * MS);
        assertEquals(1, socket.closes);
        assertFalse(failing.disarm());
    }

    @Test
    void anOperationInTimeGivesWhatItReturnedOrThrew() throws IOException {
        assertEquals("answer", deadline.within(700, () -> "answer", () -> new SocketTimeoutException("late")));
        IOException reset = new IOException("reset by the backend");
        assertSame(reset, assertThrows(IOException.class, () -> deadline.within(700, () -> {
            throw reset;
        }, () -> new SocketTimeoutException("late"))));
        assertEquals(0, socket.closes);
    }

    @Test
    void anOperationTheWatcherCutShortFailsAsOverrunWhateverItDid() {
        // The watcher fires while the operation is under way (a clock far past any deadline).
        SocketTimeoutException returned = assertThrows(SocketTimeoutException.class, () -> deadline.within(700, () -> {
            deadlines.expireDue(System.nanoTime() + 701 * MS);
            return "too late";
        }, () -> new SocketTimeoutException("late")));
        assertEquals("late", returned.getMessage());
        SocketTimeoutException threw = assertThrows(SocketTimeoutException.class, () -> deadline.within(700, () -> {
            deadlines.expireDue(System.nanoTime() + 701 * MS);
            throw new IOException("Socket closed");
        }, () -> new SocketTimeoutException("late")));
        assertEquals("late", threw.getMessage());
        // HttpCore may report the cut as a malformed head rather than an I/O error.
        SocketTimeoutException malformed = assertThrows(SocketTimeoutException.class, () -> deadline.within(700, () -> {
            deadlines.expireDue(System.nanoTime() + 701 * MS);
            throw new MalformedHead();
        }, () -> new SocketTimeoutException("late")));
        assertEquals("late", malformed.getMessage());
        assertEquals(3, socket.closes);
    }

    @Test
    void anOperationInTimeThrowsItsOwnCheckedFailureAsItIs() {
        MalformedHead malformed = new MalformedHead();
        assertSame(malformed, assertThrows(MalformedHead.class, () -> deadline.within(700, () -> {
            throw malformed;
        }, () -> new SocketTimeoutException("late"))));
        assertEquals(0, socket.closes);
    }

    /** A checked failure other than I/O, as HttpCore's HttpException. */
    private static final class MalformedHead extends Exception {
    }

    @Test
    void deadlinesAcrossTheClockWrappingAround() {
        deadline.arm(Long.MAX_VALUE - 100 * MS, 700);
        deadlines.expireDue(Long.MAX_VALUE);
        assertEquals(0, socket.closes);
        deadlines.expireDue(Long.MIN_VALUE + 600 * MS);
        assertEquals(1, socket.closes);
    }
}
