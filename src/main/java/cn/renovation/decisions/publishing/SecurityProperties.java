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
 * throttle ({@code login.*}).
 */
@ConfigurationProperties("renovation.security")
public record SecurityProperties(List<User> users, String apiKey, String auditApiKey, Login login) {
    static final List<String> ROLES = List.of("EDITOR", "APPROVER", "AUDITOR");

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        auditApiKey = auditApiKey == null || auditApiKey.isBlank() ? null : auditApiKey;
        login = login == null ? new Login(null, null, null) : login;
        if (auditApiKey != null && auditApiKey.equals(apiKey)) {
            // One leaked integration key must not also open residents' recorded data.
            throw new IllegalStateException(
                    "renovation.security.audit-api-key must differ from renovation.security.api-key");
        }
    }

    public record User(String name, String password, List<String> roles) {}

    /**
     * Failed HTTP Basic logins tolerated per user name and per client address within {@code window}; past
     * either, that user or address is answered 429 until its window (counted from its first failure) ends.
     */
    public record Login(Integer maxFailuresPerUser, Integer maxFailuresPerAddress, Duration window) {
        public Login {
            maxFailuresPerUser = maxFailuresPerUser == null ? 5 : maxFailuresPerUser;
            maxFailuresPerAddress = maxFailuresPerAddress == null ? 20 : maxFailuresPerAddress;
            window = window == null ? Duration.ofMinutes(5) : window;
            if (maxFailuresPerUser < 1 || maxFailuresPerAddress < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalStateException(
                        "renovation.security.login: limits must be at least 1 and the window positive, got "
                                + maxFailuresPerUser + " per user, " + maxFailuresPerAddress + " per address, "
                                + window);
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
