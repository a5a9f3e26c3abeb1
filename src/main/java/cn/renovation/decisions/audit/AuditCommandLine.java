package cn.renovation.decisions.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the service's context without a web server and runs one audit command, so the command line
 * sees exactly the configuration (data directory, database, ruleset directory) the service does.
 */
public final class AuditCommandLine {
    private AuditCommandLine() {}

    /**
     * {@code args}: "audit", the command, then {@code --name=value} options (Spring properties among them);
     * {@code application}: the Spring Boot application class whose context holds the commands.
     */
    public static int run(Class<?> application, String[] args) {
        if (args.length < 2) {
            System.err.print(AuditCommands.USAGE);
            return AuditCommands.ERROR;
        }
        String command = args[1];
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !a.contains("=")) {
                System.err.println("expected --name=value, got " + a);
                System.err.print(AuditCommands.USAGE);
                return AuditCommands.ERROR;
            }
            options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        SpringApplication app = new SpringApplication(application);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setDefaultProperties(Map.of(
                "logging.level.root",
                "WARN",
                "logging.level.org.drools",
                "ERROR",
                "logging.level.org.kie",
                "ERROR",
                "logging.level.org.flywaydb",
                "ERROR"));
        String[] springArgs = java.util.Arrays.copyOfRange(args, 2, args.length);
        try (ConfigurableApplicationContext ctx = app.run(springArgs)) {
            return ctx.getBean(AuditCommands.class).run(command, options, System.out, System.err);
        } catch (RuntimeException e) {
            // An auditor's script gets a message and a status, not a stack trace.
            System.err.println("error: " + e.getMessage());
            // The operator at the console may see what the database said (an HTTP caller does not).
            if (e.getCause() != null && e.getCause() != e) {
                System.err.println("cause: " + e.getCause());
            }
            return AuditCommands.ERROR;
        }
    }
}
