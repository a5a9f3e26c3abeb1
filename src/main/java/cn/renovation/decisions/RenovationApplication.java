package cn.renovation.decisions;

import cn.renovation.decisions.assessment.CaseCheck;
import cn.renovation.decisions.assessment.DecisionEngine;
import cn.renovation.decisions.assessment.RulesetSelfCheck;
import cn.renovation.decisions.ruleset.ValidateCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The renovation decision service: eligibility, works menu, approval exemption and funding shares.
 * {@code validate [dir]} checks a ruleset offline instead of serving.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RenovationApplication {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("validate")) {
            DecisionEngine engine = new DecisionEngine();
            System.exit(ValidateCommand.run(args, System.out, new RulesetSelfCheck(engine), dir -> new CaseCheck(dir, engine)));
        }
        SpringApplication.run(RenovationApplication.class, args);
    }
}
