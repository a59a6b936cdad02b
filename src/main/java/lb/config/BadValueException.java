package lb.config;

/** A configuration value that cannot be used; the message says why, for the log line. */
public final class BadValueException extends Exception {
    public BadValueException(String message) {
        super(message);
    }
}
