package bench.forward;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** The backends of LB_BACKENDS (bench/lib.sh sets it for the server), taken in turn. */
final class Backends {
    private static final String[] URLS = System.getenv().getOrDefault("LB_BACKENDS", "http://127.0.0.1:9101").split(",");
    private static final InetSocketAddress[] ADDRESSES = Arrays.stream(URLS).map(URI::create)
            .map(u -> new InetSocketAddress(u.getHost(), u.getPort())).toArray(InetSocketAddress[]::new);
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Backends() {
    }

    static int next() {
        return (NEXT.getAndIncrement() & Integer.MAX_VALUE) % URLS.length;
    }

    static String url(int i) {
        return URLS[i];
    }

    static InetSocketAddress address(int i) {
        return ADDRESSES[i];
    }

    static int count() {
        return URLS.length;
    }
}
