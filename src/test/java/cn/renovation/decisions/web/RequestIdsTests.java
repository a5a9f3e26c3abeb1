package cn.renovation.decisions.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The correlation id every log line of a request carries (MDC key requestId). */
class RequestIdsTests {

    static String seen(MockHttpServletRequest req) throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        new RequestIds().doFilter(req, new MockHttpServletResponse(), (rq, rs) -> seen.set(MDC.get("requestId")));
        return seen.get();
    }

    @Test
    void callersId_isUsed_andRemovedAfterTheRequest() throws Exception {
        MockHttpServletRequest req = new MockHttpServletRequest("POST", "/api/v1/evaluations");
        req.addHeader("X-Request-Id", "county-42.req-7");
        assertThat(seen(req)).isEqualTo("county-42.req-7");
        assertThat(MDC.get("requestId")).isNull();
    }

    @Test
    void missingOrUnsafeId_getsAGeneratedOne() throws Exception {
        assertThat(seen(new MockHttpServletRequest("GET", "/"))).matches("[0-9A-Z]{26}");
        MockHttpServletRequest forged = new MockHttpServletRequest("GET", "/");
        forged.addHeader("X-Request-Id", "x\"}\n{\"level\":\"ERROR\"");
        assertThat(seen(forged)).matches("[0-9A-Z]{26}");
    }
}
