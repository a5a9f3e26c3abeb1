package cn.renovation.decisions.publishing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only JSON Lines file of administrative actions under the data directory. Each action is
 * one line, written and forced to disk before the action's response returns; a torn last line (a crash
 * mid-write) is skipped on reading and never hides an earlier one.
 */
public final class AdminActionLog {
    private static final Logger log = LoggerFactory.getLogger(AdminActionLog.class);
    private final Path file;
    private final JsonMapper mapper;

    public AdminActionLog(Path file, JsonMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    public synchronized void record(AdminAction action) {
        byte[] line = (mapper.writeValueAsString(action) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(line));
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the administrative action in " + file, e);
        }
        log.info("admin action: {} {} {} {}", action.actor(), action.action(), action.target(), action.detail());
    }

    public synchronized List<AdminAction> all() {
        List<AdminAction> actions = new ArrayList<>();
        if (!Files.exists(file)) {
            return actions;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    actions.add(mapper.readValue(line, AdminAction.class));
                } catch (RuntimeException e) {
                    log.warn("skipping an unreadable line of {} (a write cut short?)", file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return actions;
    }
}
