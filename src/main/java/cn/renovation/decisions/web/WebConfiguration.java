package cn.renovation.decisions.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(LimitsProperties limits, JsonMapper mapper) {
        var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(limits.maxBodySize().toBytes(), mapper));
        // uploads of tables to /api/v1/rulesets/* have their own limits (spring.servlet.multipart.*)
        registration.addUrlPatterns("/api/v1/evaluations", "/api/v1/evaluations/*", "/api/v1/replays", "/api/v1/replays/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
