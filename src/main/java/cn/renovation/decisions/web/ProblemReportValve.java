package cn.renovation.decisions.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's error page, as a problem detail. Tomcat answers some requests itself before any servlet sees
 * them (a URL it cannot normalise such as {@code /%2e%2e/%2e%2e}, an unmapped error) with an HTML page
 * naming its version; this valve takes the place of {@link ErrorReportValve} on the host and writes the
 * same JSON as the rest of the service, with a generic detail and never the exception.
 */
class ProblemReportValve extends ErrorReportValve {
    private static final Logger log = LoggerFactory.getLogger(ProblemReportValve.class);

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        if (throwable != null) {
            log.error("error answered by the container", throwable);
        }
        String path = request.getDecodedRequestURI();
        String json = ProblemJson.of(
                status, ProblemJson.typeOf(status), ProblemJson.titleOf(status), ProblemJson.detailOf(status), path);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was committed meanwhile: nothing left to tell
        }
    }
}
