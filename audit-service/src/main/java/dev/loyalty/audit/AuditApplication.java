package dev.loyalty.audit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/** The customer journal: every points and tier change, from {@code loyalty.account-changes}. */
@SpringBootApplication
@ConfigurationPropertiesScan
// Own file name (not application.properties): the local stack runs all three services on one classpath.
@PropertySource("classpath:audit-service.properties")
public class AuditApplication {

    public static void main(String[] args) {
        SpringApplication.run(AuditApplication.class, args);
    }
}
