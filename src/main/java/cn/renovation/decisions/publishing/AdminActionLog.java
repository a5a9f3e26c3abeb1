package cn.renovation.decisions.publishing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Administrative actions (uploads, validations, activations, rollbacks, refusals), appended to the
 * {@code admin_action} table in the same database as the decision log, committed before the action's
 * response returns.
 */
public final class AdminActionLog {
    private static final Logger log = LoggerFactory.getLogger(AdminActionLog.class);
    /** Enough for any page or script; the table itself keeps everything. */
    static final int MAX_LISTED = 10_000;

    private final PublishingStore store;
    private volatile java.util.function.Consumer<AdminAction> observer = a -> {};

    AdminActionLog(PublishingStore store) {
        this.store = store;
    }

    public void record(AdminAction action) {
        store.record(action);
        log.info("admin action: {} {} {} {}", action.actor(), action.action(), action.target(), action.detail());
        try {
            observer.accept(action);
        } catch (RuntimeException e) {
            log.warn("an admin action observer failed", e);
        }
    }

    /** Told of every recorded action (metrics: candidates, activations, refused uploads). */
    public void observeWith(java.util.function.Consumer<AdminAction> observer) {
        this.observer = observer;
    }

    /** The newest {@value #MAX_LISTED} actions, oldest first. */
    public List<AdminAction> all() {
        return store.actions(MAX_LISTED);
    }

    /** Every action on one target (a candidate's id, a version), oldest first, however old. */
    public List<AdminAction> on(String target) {
        return store.actionsOn(target);
    }

    /**
     * Earlier versions appended actions to {@code admin-actions.jsonl} in the data directory; they are copied
     * into the table once (when it is still empty) and the file is renamed, so no recorded action is lost.
     */
    void importLegacyFile(Path file, JsonMapper mapper) {
        if (!Files.isRegularFile(file) || store.hasActions()) {
            return;
        }
        try {
            int imported = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    store.record(mapper.readValue(line, AdminAction.class));
                    imported++;
                } catch (RuntimeException e) {
                    log.warn("skipping an unreadable line of {} (a write cut short?)", file);
                }
            }
            Files.move(
                    file, file.resolveSibling(file.getFileName() + ".imported"), StandardCopyOption.REPLACE_EXISTING);
            log.info("imported {} administrative action(s) from {} into the database", imported, file);
        } catch (IOException e) {
            log.warn("cannot import the administrative actions of {}: {}", file, e.getMessage());
        }
    }
}
