package cn.renovation.decisions.audit;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most K heavy reads of the decision log at once on this instance (K = {@code audit.max-concurrent-scans}):
 * search pages, exports, verifies, replays over HTTP and impact previews of recorded decisions. Each holds
 * a page of the log and a database connection, and streams or builds an answer of megabytes; six unfiltered
 * searches of 1,000 records at once ran a 256 MB heap out and left Tomcat answering nothing (issue 21). Beyond
 * K a read is refused at once, a 503 problem with {@code Retry-After} ({@link AuditProblems}), rather than
 * queued: a queue of them would hold threads and connections as surely as running them.
 */
public final class HeavyReads {
    private final Semaphore permits;
    private final int max;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    public HeavyReads(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("audit.max-concurrent-scans must be at least 1, got " + max);
        }
        this.max = max;
        this.permits = new Semaphore(max);
    }

    /**
     * A permit for one heavy read, to close when its answer is written (for a stream: when the stream ends).
     *
     * @throws AuditUnavailableException (a busy one: 503 with Retry-After) when K are running
     */
    public Permit enter() {
        if (!permits.tryAcquire()) {
            throw new AuditBusyException("审计读取繁忙：每个实例最多同时进行 " + max + " 个检索、导出、校验、重放或影响预览，请稍后重试"
                    + " / at most " + max + " heavy audit reads (searches, exports, verifies, replays, impact previews"
                    + " of recorded decisions) run at once on an instance (audit.max-concurrent-scans); retry shortly");
        }
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        return new Permit();
    }

    /** How many heavy reads run now. */
    public int running() {
        return running.get();
    }

    /** The most that ran at once since the start. */
    public int mostAtOnce() {
        return mostAtOnce.get();
    }

    public int max() {
        return max;
    }

    /** One heavy read's permit; closing it more than once releases it once. */
    public final class Permit implements AutoCloseable {
        private final AtomicBoolean closed = new AtomicBoolean();

        private Permit() {}

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                running.decrementAndGet();
                permits.release();
            }
        }
    }
}
