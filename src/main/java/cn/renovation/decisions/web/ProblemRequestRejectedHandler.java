package cn.renovation.decisions.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Spring Security's firewall refuses URLs with encoded slashes or periods, dot segments, double slashes
 * and the like. Left to itself that is a bare 400 answered by the container; here it is a problem detail.
 * The firewall's own message names the rule and echoes the URL, so it is logged, not returned.
 */
class ProblemRequestRejectedHandler implements RequestRejectedHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemRequestRejectedHandler.class);

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        log.debug("request rejected by the firewall: {}", e.getMessage());
        ProblemJson.write(
                response,
                400,
                ProblemTypes.REQUEST_REJECTED,
                "Request rejected",
                "the URL or a header is not allowed (encoded slashes or periods, dot segments, double slashes or control characters)",
                null);
    }
}
