package lb.health;

/**
 * The active health check state of one backend, as HAProxy keeps it: {@code fall} failed checks
 * in a row take an up backend down, {@code rise} passed checks in a row bring a down one back.
 * A backend starts up, so traffic flows from the first second and a dead one is found within
 * {@code fall} intervals (passive detection finds it sooner). Written by the one checker task of
 * the backend, read by every request thread.
 */
public final class HealthState {
    /** What a check result did to the state, for the log. */
    public enum Change { NONE, WENT_DOWN, CAME_UP }

    private volatile boolean up = true;
    private volatile long upSince;
    private volatile String lastCheck = "not checked yet";
    private volatile long checkedAt;
    private int passedInARow;
    private int failedInARow;

    public boolean isUp() {
        return up;
    }

    /** When the backend last came up; 0 if it never went down. */
    public long upSince() {
        return upSince;
    }

    /** The outcome of the latest check, e.g. "HTTP 503" or "connection refused". */
    public String lastCheck() {
        return lastCheck;
    }

    /** When the latest check ended (ms); 0 if never checked (or since checks were switched off). */
    public long checkedAt() {
        return checkedAt;
    }

    public synchronized Change record(boolean passed, String outcome, long now, int rise, int fall) {
        lastCheck = outcome;
        checkedAt = now;
        if (passed) {
            failedInARow = 0;
            passedInARow++;
            if (!up && passedInARow >= rise) {
                up = true;
                upSince = now;
                return Change.CAME_UP;
            }
        } else {
            passedInARow = 0;
            failedInARow++;
            if (up && failedInARow >= fall) {
                up = false;
                return Change.WENT_DOWN;
            }
        }
        return Change.NONE;
    }

    /** Forgets the checks, for when active checking is switched off: a backend nobody checks is up. */
    public synchronized void reset() {
        passedInARow = 0;
        failedInARow = 0;
        lastCheck = "not checked";
        checkedAt = 0;
        up = true;
    }
}
