package cn.renovation.decisions;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The renovation decision service: eligibility, works menu, approval exemption and funding shares. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RenovationApplication {
    public static void main(String[] args) {
        SpringApplication.run(RenovationApplication.class, args);
    }
}
