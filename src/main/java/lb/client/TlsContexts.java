package lb.client;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link BackendTls} for the settings in force, built again only when they change (a new
 * trust store, lb.tls.verify switched); lock-free, as it is asked on every request to an https backend.
 */
public final class TlsContexts {
    private final AtomicReference<BackendTls> current = new AtomicReference<>();

    public BackendTls of(TlsSettings settings) {
        BackendTls tls = current.get();
        if (tls != null && (tls.settings() == settings || tls.settings().equals(settings))) {
            return tls;
        }
        BackendTls built = BackendTls.of(settings);
        current.set(built);
        return built;
    }
}
