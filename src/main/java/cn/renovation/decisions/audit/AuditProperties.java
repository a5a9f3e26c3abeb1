package cn.renovation.decisions.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code audit.*}: {@code data-dir} holds the embedded decision log (used by the default
 * {@code spring.datasource.url}); {@code max-batch} is the most records one group commit writes;
 * {@code append-timeout-ms} is how long an evaluation waits for its record to be durable before it fails.
 */
@ConfigurationProperties("audit")
public record AuditProperties(String dataDir, Integer maxBatch, Long appendTimeoutMs) {
    public AuditProperties {
        dataDir = dataDir == null || dataDir.isBlank() ? "./data" : dataDir;
        maxBatch = maxBatch == null ? 512 : maxBatch;
        appendTimeoutMs = appendTimeoutMs == null ? 10_000L : appendTimeoutMs;
        if (maxBatch < 1) {
            throw new IllegalArgumentException("audit.max-batch must be at least 1, got " + maxBatch);
        }
    }
}
