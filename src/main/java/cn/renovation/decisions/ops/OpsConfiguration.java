package cn.renovation.decisions.ops;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Metrics and the correlation id in the logs (issue 13: operable at scale). */
@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

    @Bean
    ServiceMetrics serviceMetrics(MeterRegistry registry) {
        return new ServiceMetrics(registry);
    }

    @Bean
    FilterRegistrationBean<EvaluationTimingFilter> evaluationTimingFilter(MeterRegistry registry) {
        FilterRegistrationBean<EvaluationTimingFilter> r =
                new FilterRegistrationBean<>(new EvaluationTimingFilter(registry));
        r.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return r;
    }
}
