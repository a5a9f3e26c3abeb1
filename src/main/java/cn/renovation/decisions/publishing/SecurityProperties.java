package cn.renovation.decisions.publishing;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code renovation.security.*}: the people who may change the ruleset or read the audit trail, with
 * hashed passwords ({@code {bcrypt}$2a$…}) and roles EDITOR (validates, uploads candidates), APPROVER
 * (activates and rolls back) and AUDITOR (reads, exports, verifies and replays recorded decisions); an
 * optional API key that integrating systems must send as {@code X-API-Key} to evaluate; an optional audit
 * API key, sent as {@code X-Audit-Key}, for an auditing system reading the decision log; and the login
 * throttle ({@code login.*}, {@link LoginThrottle}).
 */
@ConfigurationProperties("renovation.security")
public record SecurityProperties(List<User> users, String apiKey, String auditApiKey, Login login) {
    static final List<String> ROLES = List.of("EDITOR", "APPROVER", "AUDITOR");

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        auditApiKey = auditApiKey == null || auditApiKey.isBlank() ? null : auditApiKey;
        login = login == null ? new Login(null, null, null, null, null) : login;
        if (auditApiKey != null && auditApiKey.equals(apiKey)) {
            // One leaked integration key must not also open residents' recorded data.
            throw new IllegalStateException(
                    "renovation.security.audit-api-key must differ from renovation.security.api-key");
        }
    }

    public record User(String name, String password, List<String> roles) {}

    /**
     * Failed logins (HTTP Basic, the workbench's form, wrong audit keys) free per user name and client address
     * ({@code failuresBeforeDelay}) and per address ({@code addressFailuresBeforeDelay}); past either, that pair
     * or address waits {@code firstDelay}, doubled with each further failure up to {@code maxDelay}, and is
     * answered 429 with Retry-After meanwhile. Counts are forgotten after {@code forgetAfter} without a failure.
     */
    public record Login(
            Integer failuresBeforeDelay,
            Integer addressFailuresBeforeDelay,
            Duration firstDelay,
            Duration maxDelay,
            Duration forgetAfter) {
        public Login {
            failuresBeforeDelay = failuresBeforeDelay == null ? 5 : failuresBeforeDelay;
            addressFailuresBeforeDelay = addressFailuresBeforeDelay == null ? 20 : addressFailuresBeforeDelay;
            firstDelay = firstDelay == null ? Duration.ofSeconds(1) : firstDelay;
            maxDelay = maxDelay == null ? Duration.ofMinutes(5) : maxDelay;
            forgetAfter = forgetAfter == null ? Duration.ofHours(1) : forgetAfter;
            if (failuresBeforeDelay < 1
                    || addressFailuresBeforeDelay < 1
                    || firstDelay.isNegative()
                    || firstDelay.isZero()
                    || maxDelay.compareTo(firstDelay) < 0
                    || forgetAfter.compareTo(maxDelay) <= 0) {
                throw new IllegalStateException(
                        "renovation.security.login: failures before a delay must be at least 1, the first delay positive, "
                                + "the largest delay at least the first and forget-after longer than the largest delay, got "
                                + failuresBeforeDelay + " per user and address, " + addressFailuresBeforeDelay
                                + " per address, delays " + firstDelay + " to " + maxDelay + ", forgotten after "
                                + forgetAfter);
            }
        }
    }

    public boolean adminEnabled() {
        return users.stream()
                .anyMatch(u -> u.roles() != null
                        && (u.roles().contains("EDITOR") || u.roles().contains("APPROVER")));
    }

    public boolean auditEnabled() {
        return auditApiKey != null
                || users.stream().anyMatch(u -> u.roles() != null && u.roles().contains("AUDITOR"));
    }
}
