package lb.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * Passes the backend's answer to the client as the backend sent it: status, end-to-end headers
 * with all their values, and the body streamed through a fixed buffer.
 */
final class ResponseRelay {
    private static final int BUFFER = 16 * 1024;

    private ResponseRelay() {
    }

    /** Thrown when the backend fails after the client has been sent part of the answer. */
    static final class BackendBrokeOff extends IOException {
        BackendBrokeOff(IOException cause) {
            super(cause.toString(), cause);
        }
    }

    /** @param added a header of the balancer's own (a sticky-session cookie), or null */
    static void relay(Response from, OutboundRequest request, HttpServletResponse to, Header added) throws IOException {
        to.setStatus(from.getStatus());
        copyHeaders(from.getStringHeaders(), to);
        if (added != null) {
            to.addHeader(added.name(), added.value());
        }
        InputStream body = from.readEntity(InputStream.class);
        if (body == null) {
            request.markResponseComplete();
            return;
        }
        OutputStream out = to.getOutputStream();
        byte[] buffer = new byte[BUFFER];
        while (true) {
            int n;
            try {
                n = body.read(buffer);
            } catch (IOException e) {
                throw new BackendBrokeOff(e);
            }
            if (n < 0) {
                request.markResponseComplete();
                return;
            }
            out.write(buffer, 0, n);
            if (body.available() == 0) {
                // Nothing more is waiting: send what we have, as nginx does with proxy_buffering off.
                out.flush();
            }
        }
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
