package dev.loyalty.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/** POS ingestion: validates what tills send and publishes it to {@code pos.order-events}. */
@SpringBootApplication
@ConfigurationPropertiesScan
// Own file name (not application.properties): the local stack runs all three services on one classpath.
@PropertySource("classpath:order-events-service.properties")
public class OrderEventsApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderEventsApplication.class, args);
    }
}
