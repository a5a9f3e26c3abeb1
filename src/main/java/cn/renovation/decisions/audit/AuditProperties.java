package cn.renovation.decisions.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code audit.*}: {@code data-dir} holds the embedded decision log (used by the default
 * {@code spring.datasource.url}); {@code max-batch} is the most records one group commit writes;
 * {@code append-timeout-ms} is how long an evaluation waits for its record to be durable before it fails;
 * {@code page-size} is how many records an export or a verify reads at a time (its memory bound);
 * {@code max-concurrent-scans} how many heavy reads — search pages, exports, verifies, replays over HTTP, impact
 * previews of recorded decisions — may run at once on an instance ({@link HeavyReads}; 503 with Retry-After beyond);
 * {@code search-max-rows} and {@code search-max-bytes} bound one search page (its rows, the most a {@code limit}
 * may ask for, and its size in bytes; a page that stops at either says so and gives its {@code next});
 * {@code health-cache-ms} is how long the {@code decisionLog} health check's answer is reused;
 * {@code record-format} is the storage format new records are written in ({@link RecordCodec}: 2, compact, by
 * default; 1, the texts, as before V4 — kept for measuring one against the other). Records of either are read.
 */
@ConfigurationProperties("audit")
record AuditProperties(
        String dataDir,
        Integer maxBatch,
        Long appendTimeoutMs,
        Integer pageSize,
        Long healthCacheMs,
        Integer maxConcurrentScans,
        Integer recordFormat,
        Integer searchMaxRows,
        DataSize searchMaxBytes) {
    public AuditProperties {
        dataDir = dataDir == null || dataDir.isBlank() ? "./data" : dataDir;
        maxBatch = maxBatch == null ? 512 : maxBatch;
        appendTimeoutMs = appendTimeoutMs == null ? 10_000L : appendTimeoutMs;
        pageSize = pageSize == null ? DecisionLog.DEFAULT_PAGE_SIZE : pageSize;
        healthCacheMs = healthCacheMs == null ? 1000L : healthCacheMs;
        maxConcurrentScans = maxConcurrentScans == null ? 2 : maxConcurrentScans;
        recordFormat = recordFormat == null ? RecordCodec.CURRENT : recordFormat;
        searchMaxRows = searchMaxRows == null ? 1000 : searchMaxRows;
        searchMaxBytes = searchMaxBytes == null ? DataSize.ofMegabytes(4) : searchMaxBytes;
        if (searchMaxRows < 1) {
            throw new IllegalArgumentException("audit.search-max-rows must be at least 1, got " + searchMaxRows);
        }
        // room for one ordinary record (≈ 25 KB) and the page's tail
        if (searchMaxBytes.toKilobytes() < 64) {
            throw new IllegalArgumentException("audit.search-max-bytes must be at least 64KB, got " + searchMaxBytes);
        }
        if (recordFormat != RecordCodec.TEXT && recordFormat != RecordCodec.COMPACT) {
            throw new IllegalArgumentException("audit.record-format must be 1 or 2, got " + recordFormat);
        }
        if (maxConcurrentScans < 1) {
            throw new IllegalArgumentException(
                    "audit.max-concurrent-scans must be at least 1, got " + maxConcurrentScans);
        }
        if (pageSize < 1 || pageSize > 10_000) {
            throw new IllegalArgumentException("audit.page-size must be 1 to 10000, got " + pageSize);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("audit.max-batch must be at least 1, got " + maxBatch);
        }
    }
}
