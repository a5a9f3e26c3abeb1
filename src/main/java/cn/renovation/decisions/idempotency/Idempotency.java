package cn.renovation.decisions.idempotency;

import cn.renovation.decisions.web.FieldError;
import cn.renovation.decisions.web.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Retries that record once (IETF draft-ietf-httpapi-idempotency-key-header). A request with an
 * {@code Idempotency-Key} is fingerprinted (method, path and body bytes); the first with a key evaluates and
 * records, and its response is kept with the key; a repeat with the same fingerprint gets that response
 * again (same decisionId, nothing recorded), another fingerprint under the key is a 422, and a repeat while
 * the first is still running waits for it briefly, then is a 409.
 */
public class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyStore store;
    private final Duration wait;

    public Idempotency(IdempotencyStore store, Duration wait) {
        this.store = store;
        this.wait = wait;
    }

    /** A response body, and whether it is the recorded one of an earlier request. */
    public record Answer(String json, boolean replayed) {}

    /** Runs {@code evaluate} (which records and returns the response body) once per key and request. */
    public Answer run(
            String header, String method, String path, byte[] body, String requestId, Supplier<String> evaluate) {
        String key = key(header);
        String fingerprint = fingerprint(method, path, body);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            IdempotencyStore.Claim claim = store.claim(key, fingerprint, requestId);
            if (claim instanceof IdempotencyStore.Claim.Replay r) {
                return new Answer(r.responseJson(), true);
            }
            if (claim instanceof IdempotencyStore.Claim.Mismatch) {
                throw new IdempotencyKeyReusedException(HEADER + " \"" + key
                        + "\" was used with a different request (body or endpoint); use a new key for a new request");
            }
            if (claim instanceof IdempotencyStore.Claim.InProgress) {
                if (System.nanoTime() > deadline) {
                    throw new IdempotencyInProgressException("a request with " + HEADER + " \"" + key
                            + "\" is still being evaluated; retry shortly for its response");
                }
                sleep();
                continue;
            }
            String json;
            try {
                json = evaluate.get();
            } catch (RuntimeException | Error e) {
                // nothing was recorded (recording is the last step and it failed, or never began)
                store.release(key);
                throw e;
            }
            store.complete(key, json);
            return new Answer(json, false);
        }
    }

    /** The key as sent: a Structured Field string ("…") or, leniently, the bare characters. */
    static String key(String header) {
        String k = header.strip();
        if (k.length() >= 2 && k.startsWith("\"") && k.endsWith("\"")) {
            k = k.substring(1, k.length() - 1);
        }
        String problem = null;
        if (k.isEmpty()) {
            problem = "must not be empty; send a unique key such as a UUID";
        } else if (k.length() > MAX_KEY_LENGTH) {
            problem = "at most " + MAX_KEY_LENGTH + " characters, got " + k.length();
        } else {
            for (int i = 0; i < k.length(); i++) {
                char ch = k.charAt(i);
                if (ch < 0x20 || ch > 0x7E || ch == '"' || ch == '\\') {
                    problem = "only visible ASCII characters without quotes or backslashes, got one at character " + i;
                    break;
                }
            }
        }
        if (problem != null) {
            throw new InvalidRequestException(List.of(new FieldError(HEADER, problem)));
        }
        return k;
    }

    static String fingerprint(String method, String path, byte[] body) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                md.update(body);
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdempotencyInProgressException(
                    "interrupted while waiting for the request first sent with this key");
        }
    }
}
