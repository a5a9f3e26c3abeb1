package cn.renovation.decisions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The service's users for a test, configured as an operator would ({@code renovation.security.users[n]}):
 * every user shares one password, hashed with bcrypt at its lowest cost so that a test starts quickly.
 */
public final class TestUsers {
    private TestUsers() {}

    /** Registers the users, name → roles (comma-separated: EDITOR, APPROVER, AUDITOR). */
    public static void register(DynamicPropertyRegistry r, String password, Map<String, String> rolesByName) {
        String hash = hash(password);
        int i = 0;
        for (var u : rolesByName.entrySet()) {
            String prefix = "renovation.security.users[" + i++ + "].";
            r.add(prefix + "name", u::getKey);
            r.add(prefix + "password", () -> hash);
            r.add(prefix + "roles", u::getValue);
        }
    }

    /** The same users as command-line arguments, for an application a test starts itself. */
    public static List<String> arguments(String password, Map<String, String> rolesByName) {
        String hash = hash(password);
        List<String> args = new ArrayList<>();
        int i = 0;
        for (var u : rolesByName.entrySet()) {
            String prefix = "--renovation.security.users[" + i++ + "].";
            args.add(prefix + "name=" + u.getKey());
            args.add(prefix + "password=" + hash);
            args.add(prefix + "roles=" + u.getValue());
        }
        return args;
    }

    /** The Authorization header of HTTP Basic. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String hash(String password) {
        return "{bcrypt}" + new BCryptPasswordEncoder(4).encode(password);
    }
}
