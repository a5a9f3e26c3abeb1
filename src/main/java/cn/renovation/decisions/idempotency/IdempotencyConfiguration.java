package cn.renovation.decisions.idempotency;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

    @Bean
    Idempotency idempotency(IdempotencyStore store, @Value("${renovation.idempotency.wait:5s}") Duration wait) {
        return new Idempotency(store, wait);
    }
}
