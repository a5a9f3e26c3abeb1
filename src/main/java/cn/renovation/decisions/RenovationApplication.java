package cn.renovation.decisions;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The renovation decision service: eligibility, works menu, approval exemption and funding shares. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RenovationApplication {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("audit")) {
            // The auditors' command-line mode: no web server, an exit status a script can check.
            System.exit(cn.renovation.decisions.audit.AuditCommandLine.run(args));
        }
        SpringApplication.run(RenovationApplication.class, args);
    }
}
