package dev.loyalty.engine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The loyalty engine: spend, points and tiers per customer, applied from {@code pos.order-events}. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
// Own file name (not application.properties): the local stack runs all three services on one classpath.
@PropertySource("classpath:loyalty-service.properties")
public class LoyaltyApplication {

    public static void main(String[] args) {
        SpringApplication.run(LoyaltyApplication.class, args);
    }
}
