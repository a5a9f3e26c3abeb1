package cn.renovation.decisions.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code /error} dispatch (a filter's or the container's {@code sendError}) as a problem detail, whatever
 * the caller accepts: in place of Spring Boot's, which answers a map of its own shape, or an HTML page to a
 * browser. Written straight to the response so that no content negotiation can turn it into a 406 or 500.
 */
@RestController
class ProblemErrorController implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:/error}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status =
                code instanceof Integer i && i >= 400 ? i : response.getStatus() >= 400 ? response.getStatus() : 404;
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (thrown instanceof Throwable t) {
            log.error("error dispatched to /error", t);
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemJson.write(
                response,
                status,
                ProblemJson.typeOf(status),
                ProblemJson.titleOf(status),
                ProblemJson.detailOf(status),
                uri instanceof String s ? s : request.getRequestURI());
    }
}
