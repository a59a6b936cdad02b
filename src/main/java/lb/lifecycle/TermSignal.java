package lb.lifecycle;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM, taken over from the JVM. The JVM's own handler starts the shutdown hooks at once, and
 * Payara Micro's hook undeploys the WAR: from that moment new requests get Payara's HTML 503
 * page, and requests still running 2 s later are cut (measured; README, Stopping and starting).
 * So the balancer runs its stop first and then hands the signal to the handler it replaced,
 * which stops the server as before (exit status 143). {@code sun.misc.Signal} is in the module
 * jdk.unsupported, which the JDK keeps for such uses (JEP 260).
 */
final class TermSignal {
    private static final Signal TERM = new Signal("TERM");

    private final SignalHandler previous;

    private TermSignal(SignalHandler previous) {
        this.previous = previous;
    }

    /**
     * @param onSignal runs on a thread of its own for each SIGTERM, with the context class
     *                 loader of the caller (the application's: CDI finds its beans through it,
     *                 and the JVM starts signal threads without one)
     * @return null when the JVM has no handler of its own to pass the signal on to (SIGTERM
     *         ignored, or -Xrs): then it is left as it was
     * @throws IllegalArgumentException when the JVM keeps SIGTERM for itself
     */
    static TermSignal install(Runnable onSignal) {
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        SignalHandler previous = Signal.handle(TERM, signal -> {
            Thread.currentThread().setContextClassLoader(application);
            onSignal.run();
        });
        if (previous == SignalHandler.SIG_DFL || previous == SignalHandler.SIG_IGN) {
            Signal.handle(TERM, previous);
            return null;
        }
        return new TermSignal(previous);
    }

    /** The JVM's handler: the shutdown hooks run, and the server stops. */
    void passOn() {
        previous.handle(TERM);
    }

    /** Gives SIGTERM back on undeploy, so that no signal reaches an application that is gone. */
    void restore() {
        Signal.handle(TERM, previous);
    }
}
