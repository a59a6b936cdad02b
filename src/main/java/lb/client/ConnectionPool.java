package lb.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;

import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParserFactory;

/**
 * Idle keep-alive connections per backend origin, without locks: a deque each, used last in
 * first out so the busiest connections stay warm and the ones left over age out at the tail.
 * A connection idle over a second is checked before use (the backend may have closed it); one
 * idle over {@link #MAX_IDLE_MILLIS} is closed. A connection made under other TLS settings
 * than those in force (another trust store, verification switched) is closed, never reused.
 */
final class ConnectionPool {
    private static final long MAX_IDLE_MILLIS = 30_000;
    private static final long VALIDATE_AFTER_MILLIS = 1_000;
    /** Caps what a backend can make the balancer hold: longest head line, most header lines. */
    private static final Http1Config HTTP1 = Http1Config.custom()
            .setBufferSize(16 * 1024).setMaxLineLength(64 * 1024).setMaxHeaderCount(1024).build();

    private final ConcurrentMap<String, Deque<BackendConnection>> idle = new ConcurrentHashMap<>();
    private final TlsContexts tlsContexts = new TlsContexts();
    private final Deadlines deadlines = new Deadlines().start();

    /** The TLS side of new connections to https backends under {@code settings}; null for http. */
    BackendTls tls(URI uri, TlsSettings settings) {
        return uri.getScheme().equalsIgnoreCase("https") ? tlsContexts.of(settings) : null;
    }

    /** An idle connection to the origin of {@code uri} fit for a request, or a new one. */
    BackendConnection lease(URI uri, int connectTimeoutMillis, BackendTls tls) throws IOException {
        Deque<BackendConnection> parked = idle.get(origin(uri));
        if (parked != null) {
            long now = System.currentTimeMillis();
            BackendConnection c;
            while ((c = parked.pollFirst()) != null) {
                long idleFor = now - c.idleSince();
                if (c.tls() == tls && idleFor <= MAX_IDLE_MILLIS && (idleFor <= VALIDATE_AFTER_MILLIS || !c.stale())) {
                    return c;
                }
                c.close();
            }
        }
        return open(uri, connectTimeoutMillis, tls);
    }

    /** A new connection, TLS when {@code tls} is given; the connect timeout covers the TLS handshake too. */
    BackendConnection open(URI uri, int connectTimeoutMillis, BackendTls tls) throws IOException {
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = uri.getPort() != -1 ? uri.getPort() : tls != null ? 443 : 80;
        // A channel's socket, not a plain Socket: HttpCore's staleness check sets a 1 ms timeout, which
        // leaves a plain Socket non-blocking for good (every read then polls); a channel's is blocking again after.
        Socket plain = SocketChannel.open().socket();
        Deadline deadline = deadlines.watch(plain);
        Socket socket;
        try {
            plain.setTcpNoDelay(true);
            socket = deadline.within(connectTimeoutMillis, () -> connect(plain, host, port, tls),
                    () -> new ConnectTimeoutException("no connection to " + host + ":" + port + " within " + connectTimeoutMillis + " ms"));
        } catch (IOException e) {
            deadlines.forget(deadline);
            plain.close();
            throw e;
        }
        DefaultBHttpClientConnection http = new DefaultBHttpClientConnection(HTTP1, null, null, null, null, null,
                new DefaultHttpResponseParserFactory(StrictHeaderParser.INSTANCE, null));
        http.bind(socket);
        return new BackendConnection(http, socket, this, origin(uri), deadline, tls);
    }

    /** Connects and, for https, shakes hands: the socket HTTP goes over. */
    private static Socket connect(Socket plain, String host, int port, BackendTls tls) throws IOException {
        plain.connect(new InetSocketAddress(host, port));
        return tls != null ? tls.handshake(plain, host, port) : plain;
    }

    /** A connection is closed: its socket is no longer watched. */
    void closed(BackendConnection c) {
        deadlines.forget(c.deadline());
    }

    /** Parks a connection whose last answer was read to its end; closes the oldest one when it aged out. */
    void release(BackendConnection c) {
        long now = System.currentTimeMillis();
        c.park(now);
        Deque<BackendConnection> parked = idle.computeIfAbsent(c.origin(), o -> new ConcurrentLinkedDeque<>());
        parked.offerFirst(c);
        BackendConnection oldest = parked.peekLast();
        if (oldest != null && now - oldest.idleSince() > MAX_IDLE_MILLIS && parked.removeLastOccurrence(oldest)) {
            oldest.close();
        }
    }

    void close() {
        deadlines.close();
        idle.values().forEach(parked -> {
            BackendConnection c;
            while ((c = parked.pollFirst()) != null) c.close();
        });
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
