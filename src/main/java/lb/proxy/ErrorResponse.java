package lb.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The balancer's own error answers: the status and one line of plain text saying what
 * happened, never a stack trace or a server's HTML page. The log says more.
 */
public final class ErrorResponse {
    private ErrorResponse() {
    }

    /** @return the body's length in bytes */
    public static int send(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body = (status + " " + reason(status) + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        return body.length;
    }

    /**
     * For a request that is not forwarded: answered, then the connection is closed, because
     * whatever body the request has was not read, and its framing may be the very thing refused.
     * Cut at once, not just "Connection: close": Payara would still serve requests the client had
     * pipelined behind this one.
     */
    static int refuse(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        response.setHeader("Connection", "close");
        int length = send(response, status, message);
        response.flushBuffer();
        ServerInternals.abortConnection(request);
        return length;
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 414 -> "URI Too Long";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }
}
