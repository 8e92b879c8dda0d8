package dev.loyalty.support;

import com.mongodb.client.MongoClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;

/** What every service of the platform gets by depending on this module. */
@AutoConfiguration(after = {MongoAutoConfiguration.class, KafkaAutoConfiguration.class},
        before = MongoHealthContributorAutoConfiguration.class)
public class PlatformSupportAutoConfiguration {

    /** Named like Boot's own indicator so it replaces it (shown as "mongo" in /actuator/health). */
    @Bean(name = "mongoHealthIndicator")
    @ConditionalOnBean(MongoClient.class)
    MongoPingHealthIndicator mongoHealthIndicator(MongoClient client) {
        return new MongoPingHealthIndicator(client);
    }

    /** Processing time for every service (event time comes from the events); replace it in tests that need another. */
    @Bean
    @ConditionalOnMissingBean
    java.time.Clock clock() {
        return java.time.Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    ApiExceptionHandler apiExceptionHandler() {
        return new ApiExceptionHandler();
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    @ConditionalOnBean(ProducerFactory.class)
    CommonErrorHandler kafkaErrorHandler(ProducerFactory<?, ?> producerFactory) {
        return KafkaErrorHandling.errorHandler(producerFactory);
    }
}
