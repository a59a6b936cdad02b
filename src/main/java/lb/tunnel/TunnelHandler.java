package lb.tunnel;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import lb.client.UpgradedConnection;

/**
 * The servlet side of an upgrade: made by the server at {@code HttpServletRequest#upgrade},
 * given the backend's connection before the request ends ({@link #join}), and handed the
 * client's connection once the 101 is out ({@link #init}).
 */
public class TunnelHandler implements HttpUpgradeHandler {
    private UpgradedConnection backend;
    private Tunnels tunnels;
    private volatile Tunnel tunnel;

    /** The connection the client's is to be joined to, and who joins them. */
    public void join(UpgradedConnection backend, Tunnels tunnels) {
        this.backend = backend;
        this.tunnels = tunnels;
    }

    @Override
    public void init(WebConnection connection) {
        tunnel = tunnels.open(backend, connection);
    }

    /** The server closed the client's connection: the backend's goes with it. */
    @Override
    public void destroy() {
        Tunnel t = tunnel;
        if (t != null) {
            t.close("the client's connection was closed");
        } else if (backend != null) {
            backend.close();
        }
    }
}
