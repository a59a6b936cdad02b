package lb.observe;

/** Something that learns from every finished request: metrics, the access log, the admin page's figures. */
public interface OutcomeListener {
    /**
     * Called on the request thread once the answer is complete: must be quick and must not
     * throw; anything slow (writing a file) goes to a thread of its own.
     */
    void requestDone(Outcome outcome);
}
