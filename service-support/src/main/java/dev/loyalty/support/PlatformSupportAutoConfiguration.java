package dev.loyalty.support;

import com.mongodb.client.MongoClient;
import dev.loyalty.support.web.ProblemErrorReportValve;
import dev.loyalty.support.web.StrictJson;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;

/** What every service of the platform gets by depending on this module. */
@AutoConfiguration(after = {MongoAutoConfiguration.class, KafkaAutoConfiguration.class},
        beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
        before = MongoHealthContributorAutoConfiguration.class)
@EnableConfigurationProperties(InputBounds.class)
public class PlatformSupportAutoConfiguration {

    /** Named like Boot's own indicator so it replaces it (shown as "mongo" in /actuator/health). */
    @Bean(name = "mongoHealthIndicator")
    @ConditionalOnBean(MongoClient.class)
    MongoPingHealthIndicator mongoHealthIndicator(MongoClient client) {
        return new MongoPingHealthIndicator(client);
    }

    /** Named {@code kafkaListeners} in /actuator/health; the consuming services put it in their readiness group. */
    @Bean(name = "kafkaListenersHealthIndicator")
    @ConditionalOnBean(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class)
    ListenerHealth kafkaListenersHealthIndicator(org.springframework.kafka.config.KafkaListenerEndpointRegistry registry,
                                                 io.micrometer.core.instrument.MeterRegistry metrics) {
        return new ListenerHealth(registry, metrics);
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

    /** Replaces Boot's BasicErrorController (it backs off when an ErrorController exists). */
    @Bean
    @ConditionalOnMissingBean(org.springframework.boot.webmvc.error.ErrorController.class)
    dev.loyalty.support.web.ProblemErrorController problemErrorController() {
        return new dev.loyalty.support.web.ProblemErrorController();
    }

    @Bean
    StrictJson strictJson() {
        return new StrictJson();
    }

    /**
     * Every dead letter any path of the service publishes is counted here, so one alert sees them all; a service
     * names its own counter by declaring a bean of its own.
     */
    @Bean
    @ConditionalOnMissingBean
    DeadLetterCount deadLetterCount(io.micrometer.core.instrument.MeterRegistry metrics) {
        return DeadLetterCount.counting(metrics);
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    @ConditionalOnBean(ProducerFactory.class)
    CommonErrorHandler kafkaErrorHandler(ProducerFactory<?, ?> producerFactory, DeadLetterCount deadLetterCount) {
        return KafkaErrorHandling.errorHandler(producerFactory, deadLetterCount);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    static class ContainerErrors {

        /** After Boot's own Tomcat customizer (order 0), which adds Tomcat's HTML error report valve. */
        @Bean
        WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReports() {
            // unordered: runs after every ordered customizer, so the valve it installs replaces Boot's
            return factory -> factory.addContextCustomizers(ProblemErrorReportValve::install);
        }
    }
}
