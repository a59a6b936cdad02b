package lb.bench.connectors;

/** Keeps requests going to the backends until stopped, reporting each to the meter. */
interface Load {
    void start(Backends backends, Meter meter);

    /** No new requests after this; the ones in flight may still finish. */
    void stop();
}
