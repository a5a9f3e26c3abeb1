package cn.renovation.decisions;

import cn.renovation.decisions.evaluation.DecisionEngine;
import cn.renovation.decisions.evaluation.PolicyCaseCheck;
import cn.renovation.decisions.evaluation.SelfCheck;
import cn.renovation.decisions.ruleset.ValidateCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The renovation decision service: eligibility, works menu, approval exemption and funding shares.
 * {@code validate [dir]} checks a ruleset offline instead of serving; {@code hash-password} hashes a
 * password read from standard input for {@code renovation.security.users}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RenovationApplication {
    static final String USAGE = """
            usage: java -jar renovation-decisions.jar [command]

              (no command)          serve the HTTP API on :8080 with rules/ and decision-tables/ (Spring options: --name=value)
              validate [dir] [--cases test-data]
                                    check the ruleset in dir (default .) as an upload is checked: cells, compile,
                                    self-check and every policy case; exit 0 valid, 1 invalid, 2 usage
              tables layout [dir]   give every workbook under dir/decision-tables the officer's layout (hidden
                                    template rows, frozen panes, shaded cells, dropdowns, header notes, numbers),
                                    in place; running it again changes nothing
              tables text <file.xlsx>...
                                    print a workbook's cells as text (the .tsv mirrors, git diff's textconv)
              tables check [dir]    fail when a workbook's .tsv mirror or docs/clauses.md is not current
              tables write [dir]    rewrite the .tsv mirrors and docs/clauses.md
              hash-password         read a password on standard input, print its {bcrypt} hash
              audit <command> …     the auditors' commands (java -jar … audit help)
              --help                this text
            """;

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            System.out.print(USAGE);
            return;
        }
        if (args.length > 0 && args[0].equals("tables")) {
            ValidateCommand.quietLogs();
            int status = cn.renovation.decisions.ruleset.TablesCommand.run(args, System.out);
            if (status == 0 && args.length > 1 && (args[1].equals("write") || args[1].equals("check"))) {
                // the clause index is made from the compiled ruleset and the cases, beside the mirrors
                java.nio.file.Path root = java.nio.file.Path.of(args.length > 2 ? args[2] : ".");
                try {
                    if (args[1].equals("write")) {
                        cn.renovation.decisions.evaluation.ClauseIndex.write(root);
                    } else if (!cn.renovation.decisions.evaluation.ClauseIndex.isCurrent(root)) {
                        System.out.println("stale: " + cn.renovation.decisions.evaluation.ClauseIndex.PATH
                                + " (run: java -jar … tables write)");
                        status = 1;
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    System.out.println("error: " + e.getMessage());
                    status = 1;
                }
            }
            System.exit(status);
        }
        if (args.length > 0 && args[0].equals("validate")) {
            DecisionEngine engine = new DecisionEngine();
            System.exit(ValidateCommand.run(
                    args, System.out, new SelfCheck(engine), dir -> new PolicyCaseCheck(dir, engine)));
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
