package lb.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import lb.balancing.Backend;
import lb.client.Header;
import lb.guard.ResponseGuard;
import lb.observe.Outcome;
import lb.observe.SelfAnswer;

/**
 * Passes the backend's answer to the client as the backend sent it: status, end-to-end headers
 * with all their values, and the body streamed through a fixed buffer.
 */
final class ResponseRelay {
    private static final Logger LOG = Logger.getLogger(ResponseRelay.class.getName());
    /**
     * One 16 KiB buffer per server thread, reused: a relay never nests on a thread, and a new
     * buffer per request was 16 KiB to allocate and zero for every 128-byte answer.
     */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private ResponseRelay() {
    }

    /** Thrown when the backend fails after the client has been sent part of the answer. */
    static final class BackendBrokeOff extends IOException {
        BackendBrokeOff(IOException cause) {
            super(cause.toString(), cause);
        }
    }

    /**
     * @param headerLimit {@code lb.limit.response-headers}
     * @param added       a header of the balancer's own (a sticky-session cookie), or null
     * @return whether the backend's answer went out; false when the balancer answered instead
     */
    static boolean relay(Response from, Backend backend, HttpServletResponse to, int headerLimit, Header added,
            Outcome outcome) throws IOException {
        MultivaluedMap<String, String> headers = from.getStringHeaders();
        String invalid = ResponseGuard.check(headers, headerLimit);
        if (invalid != null) {
            answerInstead(to, HttpServletResponse.SC_BAD_GATEWAY,
                    "invalid response from backend " + backend.url() + " (" + invalid + ")", outcome);
            return false;
        }
        to.setStatus(from.getStatus());
        copyHeaders(headers, to);
        if (added != null) {
            to.addHeader(added.name(), added.value());
        }
        InputStream body = from.readEntity(InputStream.class);
        if (body == null) {
            return true;
        }
        OutputStream out = to.getOutputStream();
        byte[] buffer = BUFFER.get();
        while (true) {
            int n;
            try {
                n = body.read(buffer);
            } catch (IOException e) {
                if (to.isCommitted()) {
                    throw new BackendBrokeOff(e);
                }
                // Nothing has gone out yet (a bad first chunk, say): the client can still get a clean answer.
                Failure failure = Failure.of(e);
                answerInstead(to, failure.status(), failure.describe(backend, e) + " (" + e + ")", outcome);
                return false;
            }
            if (n < 0) {
                return true;
            }
            // Nothing more waiting from the backend: send what we have, as nginx does with proxy_buffering off.
            toClient(out, buffer, n, body.available() == 0);
            outcome.sent(n);
        }
    }

    /**
     * The backend's 101: its status, end-to-end headers, and its Upgrade with
     * {@code Connection: Upgrade}, both hop-by-hop and so set again for this hop. Written when the
     * response is flushed; the connection then belongs to the new protocol.
     *
     * @return whether the 101 is set; false when the head was invalid and the balancer answered instead
     */
    static boolean switchProtocols(Response from, Backend backend, HttpServletResponse to, int headerLimit, Header added,
            Outcome outcome) throws IOException {
        MultivaluedMap<String, String> headers = from.getStringHeaders();
        String invalid = ResponseGuard.check(headers, headerLimit);
        List<String> upgrade = headers.get("Upgrade");
        if (invalid == null && (upgrade == null || upgrade.isEmpty())) {
            invalid = "101 without Upgrade"; // RFC 9110 15.2.2: the protocol switched to must be named
        }
        if (invalid != null) {
            answerInstead(to, HttpServletResponse.SC_BAD_GATEWAY,
                    "invalid response from backend " + backend.url() + " (" + invalid + ")", outcome);
            return false;
        }
        to.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        copyHeaders(headers, to);
        to.setHeader("Upgrade", String.join(", ", upgrade));
        to.setHeader("Connection", "Upgrade");
        if (added != null) {
            to.addHeader(added.name(), added.value());
        }
        return true;
    }

    private static void toClient(OutputStream out, byte[] buffer, int n, boolean flush) throws ClientBrokeOff {
        try {
            out.write(buffer, 0, n);
            if (flush) out.flush();
        } catch (IOException e) {
            throw new ClientBrokeOff("sending the response to the client failed", e);
        }
    }

    /** The balancer's own error instead of the backend's answer, which is then dropped unread. */
    private static void answerInstead(HttpServletResponse to, int status, String description, Outcome outcome)
            throws IOException {
        LOG.warning(description);
        to.reset();
        outcome.answeredItself(SelfAnswer.BACKEND_FAILED, description);
        outcome.sent(ErrorResponse.send(to, status, description));
    }

    static void copyHeaders(MultivaluedMap<String, String> headers, HttpServletResponse to) {
        HopByHop hopByHop = HopByHop.of(headers.getOrDefault("Connection", List.of()));
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey();
            if (hopByHop.removes(name)) {
                continue;
            }
            if (name.equalsIgnoreCase("Content-Length")) {
                to.setContentLengthLong(Long.parseLong(header.getValue().get(0).trim()));
                continue;
            }
            // The first value replaces whatever the container set itself (Date, Content-Type).
            List<String> values = header.getValue();
            to.setHeader(name, values.get(0));
            for (int i = 1; i < values.size(); i++) {
                to.addHeader(name, values.get(i));
            }
        }
    }
}
