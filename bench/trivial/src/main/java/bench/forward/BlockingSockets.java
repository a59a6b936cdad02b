package bench.forward;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Forwarding at its barest on the request's own thread: a pooled socket, one write, blocking reads. */
final class BlockingSockets {
    private final ConcurrentLinkedQueue<SocketChannel>[] idle;

    @SuppressWarnings("unchecked")
    BlockingSockets() {
        idle = new ConcurrentLinkedQueue[Backends.count()];
        for (int i = 0; i < idle.length; i++) idle[i] = new ConcurrentLinkedQueue<>();
    }

    byte[] get() throws IOException {
        int backend = Backends.next();
        SocketChannel pooled = idle[backend].poll();
        if (pooled != null) {
            try {
                return exchange(backend, pooled);
            } catch (IOException closedWhileIdle) {
                // exchange closed it; a new connection follows.
            }
        }
        return exchange(backend, SocketChannel.open(Backends.address(backend)));
    }

    /** One request and its answer; the channel goes back to the pool, or is closed when it failed. */
    private byte[] exchange(int backend, SocketChannel channel) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(4096);
        int start;
        try {
            channel.write(ByteBuffer.wrap(RawHttp.REQUEST));
            while ((start = RawHttp.bodyStart(in)) < 0) {
                if (channel.read(in) < 0) throw new IOException("backend closed the connection");
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        idle[backend].add(channel);
        return RawHttp.body(in, start);
    }
}
