package cn.renovation.decisions.workbench;

import cn.renovation.decisions.catalog.Clauses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WorkbenchConfiguration {
    /** Named so that templates reach it as {@code @clauses}. */
    @Bean
    Clauses clauses() {
        return Clauses.load();
    }

    /** Named so that templates reach it as {@code @fmt}. */
    @Bean
    Formats fmt(java.time.ZoneId zone) {
        return new Formats(zone);
    }
}
