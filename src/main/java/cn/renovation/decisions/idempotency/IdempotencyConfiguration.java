package cn.renovation.decisions.idempotency;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    @Bean
    IdempotencyStore idempotencyStore(
            DataSource dataSource,
            Clock clock,
            @Value("${renovation.idempotency.ttl:24h}") Duration ttl,
            @Value("${renovation.idempotency.lock:60s}") Duration lock) {
        return new IdempotencyStore(dataSource, clock, ttl, lock);
    }

    /** Before Spring Security (whose firewall would refuse some keys only when the controller reads them): 400, not 500. */
    @Bean
    FilterRegistrationBean<IdempotencyKeyFilter> idempotencyKeyFilter(JsonMapper mapper) {
        var registration = new FilterRegistrationBean<>(new IdempotencyKeyFilter(mapper));
        registration.addUrlPatterns("/api/v1/evaluations", "/api/v1/evaluations/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    Idempotency idempotency(IdempotencyStore store, @Value("${renovation.idempotency.wait:5s}") Duration wait) {
        return new Idempotency(store, wait);
    }
}
