package lb.client;

import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLSocket;

/**
 * A backend connection whose {@code 101 Switching Protocols} answer turned it into another
 * protocol's (WebSocket's): taken out of the pool for good, no longer under the connector's
 * timeouts, and handed over with the bytes the backend had already sent behind the answer's head.
 */
public final class UpgradedConnection implements AutoCloseable {
    /**
     * The invocation property under which the caller leaves a {@link Receiver}. Only a request
     * that carries one may be answered 101; to any other a 101 is an invalid answer.
     */
    public static final String PROPERTY = UpgradedConnection.class.getName();

    /** Where the connector leaves the connection of a 101 answer, for the caller to take. */
    public static final class Receiver {
        private volatile UpgradedConnection received;

        void receive(UpgradedConnection connection) {
            received = connection;
        }

        /** The connection of the 101 answer, or null when there was none. */
        public UpgradedConnection take() {
            UpgradedConnection c = received;
            received = null;
            return c;
        }
    }

    private final Socket socket;
    private final byte[] early;

    UpgradedConnection(Socket socket, byte[] early) {
        this.socket = socket;
        this.early = early;
    }

    /** The connection's channel for non-blocking use; null over TLS, where only the socket's streams speak it. */
    public SocketChannel channel() {
        return socket instanceof SSLSocket ? null : socket.getChannel();
    }

    /** What the backend sent after its 101 head that was read with the head: the new protocol's first bytes. */
    public byte[] early() {
        return early;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closed either way
        }
    }
}
