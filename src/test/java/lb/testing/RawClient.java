package lb.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An HTTP/1.1 client over a plain socket: the test writes the request bytes exactly and reads
 * the response exactly, including whether its body was complete.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    public RawClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** Sends one request (the text may use \n; it is sent with CRLF line ends) and reads the answer. */
    public static Response send(int port, String request) throws IOException {
        try (RawClient client = new RawClient(port)) {
            client.write(request);
            return client.read(request.startsWith("HEAD "));
        }
    }

    /** "GET /x" plus header lines, with Connection: close and (unless given) Host added. */
    public static Response get(int port, String method, String target, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\n");
        if (Arrays.stream(headerLines).noneMatch(l -> l.toLowerCase().startsWith("host:"))) {
            request.append("Host: 127.0.0.1:").append(port).append('\n');
        }
        for (String line : headerLines) request.append(line).append('\n');
        return send(port, request.append("Connection: close\n\n").toString());
    }

    public void write(String request) throws IOException {
        int headEnd = request.indexOf("\n\n");
        String head = headEnd < 0 ? request : request.substring(0, headEnd + 2);
        String body = headEnd < 0 ? "" : request.substring(headEnd + 2);
        write(head.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        write(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /**
     * Sends the text exactly as given (no line-end rewriting: bare CR and LF stay bare) and reads
     * every response until the server closes the connection, so a test sees both what was
     * answered and that nothing else was.
     */
    public static List<Response> exchange(int port, String raw) throws IOException {
        try (RawClient client = new RawClient(port)) {
            client.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            List<Response> responses = new ArrayList<>();
            for (Response r; (r = client.readOrEnd()) != null; ) {
                responses.add(r);
            }
            return responses;
        }
    }

    /** One final response, or null when the server closed the connection cleanly instead. */
    public Response readOrEnd() throws IOException {
        in.mark(1);
        if (in.read() < 0) return null;
        in.reset();
        return read(false);
    }

    /** True when the server closes the connection within the socket timeout without sending anything more. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /** The response bytes as they come, for a test that reads them itself. */
    public InputStream input() {
        return in;
    }

    public void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Reads an interim (1xx) response's status line and headers, such as 100 Continue. */
    public String readInterim() throws IOException {
        String statusLine = Http.readLine(in);
        Http.readHeaders(in);
        return statusLine;
    }

    /** Reads a response's status line and headers only: a 101, after which the bytes are another protocol's. */
    public Response readHead() throws IOException {
        String statusLine = Http.readLine(in);
        if (statusLine == null) throw new IOException("connection closed before a response");
        List<String[]> headers = Http.readHeaders(in);
        return new Response(statusLine, Integer.parseInt(statusLine.split(" ")[1]), headers, List.of());
    }

    /** Reads one final response; interim 1xx responses are collected in {@link Response#interim}. */
    public Response read(boolean head) throws IOException {
        List<String> interim = new ArrayList<>();
        while (true) {
            String statusLine = Http.readLine(in);
            if (statusLine == null) throw new IOException("connection closed before a response");
            List<String[]> headers = Http.readHeaders(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            if (status >= 100 && status < 200) {
                interim.add(statusLine);
                continue;
            }
            Response r = new Response(statusLine, status, headers, interim);
            readBody(r, head);
            return r;
        }
    }

    private void readBody(Response r, boolean head) throws IOException {
        if (head || r.status == 204 || r.status == 304) {
            r.complete = true;
            return;
        }
        String te = r.header("Transfer-Encoding");
        String cl = r.header("Content-Length");
        InputStream body = te != null && te.contains("chunked") ? new ChunkedInputStream(in)
                : cl != null ? new BoundedInputStream(in, Long.parseLong(cl)) : in;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            body.transferTo(bytes);
            r.complete = true;
        } catch (IOException e) {
            r.complete = false;
        }
        r.body = bytes.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One response as it arrived. */
    public static final class Response {
        public final String statusLine;
        public final int status;
        public final List<String[]> headers;
        public final List<String> interim;
        public byte[] body = new byte[0];
        /** False when the connection ended before the body the framing promised. */
        public boolean complete;

        Response(String statusLine, int status, List<String[]> headers, List<String> interim) {
            this.statusLine = statusLine;
            this.status = status;
            this.headers = headers;
            this.interim = interim;
        }

        public String header(String name) {
            return HeaderLines.first(headers, name);
        }

        /** Every value of a header, in order. */
        public List<String> headers(String name) {
            return HeaderLines.all(headers, name);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
