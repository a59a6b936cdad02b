package lb.client;

import java.net.SocketTimeoutException;

/** No connection to the backend within the connect timeout; told apart from a timed-out read. */
public final class ConnectTimeoutException extends SocketTimeoutException {
    public ConnectTimeoutException(String message) {
        super(message);
    }
}
