package lb.tunnel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.WebConnection;

import lb.balancing.LoadBalancer;
import lb.client.UpgradedConnection;

/** The upgraded connections of the application, relayed by one {@link Relay}. */
@ApplicationScoped
public class Tunnels {
    private static final Logger LOG = Logger.getLogger(Tunnels.class.getName());

    @Inject
    LoadBalancer loadBalancer;

    private Relay relay;
    private final AtomicLong opened = new AtomicLong();

    @PostConstruct
    void start() {
        try {
            relay = new Relay(() -> loadBalancer.settings().upgrade().idle()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("no selector for the WebSocket relay", e);
        }
    }

    @PreDestroy
    void stop() {
        relay.close();
    }

    private static void closeQuietly(WebConnection client) {
        try {
            client.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing a client's upgraded connection", e);
        }
    }

    /** Joins the client's upgraded connection to the backend's; null when that failed and both are closed. */
    Tunnel open(UpgradedConnection backend, WebConnection client) {
        SocketChannel channel = backend.channel();
        Tunnel tunnel = null;
        try {
            tunnel = new Tunnel(channel, backend.early(), client, relay, "#" + opened.incrementAndGet());
            tunnel.open();
            return tunnel;
        } catch (IOException | RuntimeException e) {
            LOG.warning("joining an upgraded connection to its backend failed: " + e);
            if (tunnel != null) {
                tunnel.close("joining failed: " + e);
            } else {
                backend.close();
                closeQuietly(client);
            }
            return null;
        }
    }
}
