package cn.renovation.decisions;

import cn.renovation.decisions.assessment.CaseCheck;
import cn.renovation.decisions.assessment.DecisionEngine;
import cn.renovation.decisions.assessment.RulesetSelfCheck;
import cn.renovation.decisions.ruleset.ValidateCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The renovation decision service: eligibility, works menu, approval exemption and funding shares.
 * {@code validate [dir]} checks a ruleset offline instead of serving; {@code hash-password} hashes a
 * password read from standard input for {@code renovation.security.users}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RenovationApplication {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("validate")) {
            DecisionEngine engine = new DecisionEngine();
            System.exit(ValidateCommand.run(args, System.out, new RulesetSelfCheck(engine), dir -> new CaseCheck(dir, engine)));
        }
        if (args.length > 0 && args[0].equals("hash-password")) {
            // for renovation.security.users[n].password: reads the password from standard input
            String password = new java.util.Scanner(System.in, java.nio.charset.StandardCharsets.UTF_8).nextLine();
            System.out.println("{bcrypt}" + new BCryptPasswordEncoder().encode(password));
            return;
        }
        if (args.length > 0 && args[0].equals("audit")) {
            // The auditors' command-line mode: no web server, an exit status a script can check.
            System.exit(cn.renovation.decisions.audit.AuditCommandLine.run(RenovationApplication.class, args));
        }
        SpringApplication.run(RenovationApplication.class, args);
    }
}
