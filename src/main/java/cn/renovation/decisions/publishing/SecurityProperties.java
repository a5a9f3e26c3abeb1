package cn.renovation.decisions.publishing;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * {@code renovation.security.*}: the people who may change the ruleset, with hashed passwords
 * ({@code {bcrypt}$2a$…}) and roles EDITOR (validates, uploads candidates) and/or APPROVER (activates
 * and rolls back); and an optional API key that integrating systems must send as {@code X-API-Key}.
 */
@ConfigurationProperties("renovation.security")
public record SecurityProperties(List<User> users, String apiKey) {
    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record User(String name, String password, List<String> roles) {
    }

    public boolean adminEnabled() {
        return !users.isEmpty();
    }
}
