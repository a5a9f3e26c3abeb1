package cn.renovation.decisions.web;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(LimitsProperties limits, JsonMapper mapper) {
        var registration = new FilterRegistrationBean<>(
                new BodySizeLimitFilter(limits.maxBodySize().toBytes(), mapper));
        // uploads of tables to /api/v1/rulesets/* have their own limits (spring.servlet.multipart.*)
        registration.addUrlPatterns(
                "/api/v1/evaluations", "/api/v1/evaluations/*", "/api/v1/replays", "/api/v1/replays/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** First of all, so that every response, a refusal by any later filter included, carries the request's id. */
    @Bean
    FilterRegistrationBean<RequestIds> requestIdFilter() {
        var registration = new FilterRegistrationBean<>(new RequestIds());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Picked up by Spring Security's filter chain proxy for its firewall's refusals. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new ProblemRequestRejectedHandler();
    }

    @Bean
    ProblemValveCustomizer problemValveCustomizer() {
        return new ProblemValveCustomizer();
    }

    /**
     * Puts {@link ProblemReportValve} on the host in place of Tomcat's HTML error page. Ordered last, so
     * that it runs after Spring Boot's own customizer, which adds a plain ErrorReportValve.
     */
    static final class ProblemValveCustomizer
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve v : host.getPipeline().getValves()) {
                        if (v instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(v);
                        }
                    }
                    host.setErrorReportValveClass(ProblemReportValve.class.getName());
                    host.getPipeline().addValve(new ProblemReportValve());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
