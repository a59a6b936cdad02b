package lb.admin;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import lb.proxy.ErrorResponse;

/** Who may manage the balancer: users of the server's realm in the role {@value AdminEndpoints#ROLE}. */
final class AdminRole {
    private static final String NAME = AdminEndpoints.ROLE;

    private AdminRole() {
    }

    /** Whether the request comes from a user in the role; if not, the server's login challenge (401) or 403 is sent. */
    static boolean check(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.isUserInRole(NAME)) {
            return true;
        }
        try {
            if (!request.authenticate(response)) {
                return false; // the server sent its 401 with the challenge
            }
        } catch (ServletException e) {
            ErrorResponse.send(response, 401, "wrong user name or password");
            return false;
        }
        if (request.isUserInRole(NAME)) {
            return true;
        }
        ErrorResponse.send(response, 403, "user " + request.getRemoteUser() + " is not in the role " + NAME);
        return false;
    }
}
