package bench;

import java.io.IOException;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The least a servlet can do: answer 128 bytes. What the server costs with no framework on top. */
@WebServlet("/servlet/*")
public class TrivialServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setContentLength(TrivialResource.BODY.length);
        response.getOutputStream().write(TrivialResource.BODY);
    }
}
