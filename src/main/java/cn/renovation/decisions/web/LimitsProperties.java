package cn.renovation.decisions.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** {@code renovation.limits.*}: the largest request body (413 beyond it) and the most requests in one batch. */
@ConfigurationProperties("renovation.limits")
public record LimitsProperties(DataSize maxBodySize, Integer maxBatchSize) {
    public LimitsProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
        maxBatchSize = maxBatchSize == null ? 1000 : maxBatchSize;
    }
}
