package dev.loyalty.engine.adapter.out.kafka;

import dev.loyalty.support.DeadLetterCount;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * Every dead letter the service publishes, whichever path sent it (the error handler's, a rule violation, a held
 * return refused or expired), counts once in {@code loyalty_events_total{type, outcome="dead-lettered"}} and in
 * {@code dead_letters_published_total{topic}}: what the {@code DeadLettersReceived} alert watches.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterMetrics {

    /** The records in this service's dead-letter topics, whoever wrote them: {@code dead_letter_topic_records{topic}}. */
    @Bean
    dev.loyalty.support.DeadLetterTopicSizes deadLetterTopicSizes(org.springframework.kafka.core.KafkaAdmin admin,
                                                                 dev.loyalty.engine.config.LoyaltyProperties properties,
                                                                 MeterRegistry metrics, java.time.Clock clock) {
        return new dev.loyalty.support.DeadLetterTopicSizes(admin, List.of(properties.orderEventsTopic() + "-dlt",
                properties.recalculationsTopic() + "-dlt"), metrics, clock);
    }

    @Bean
    DeadLetterCount deadLetterCount(MeterRegistry metrics, dev.loyalty.engine.config.LoyaltyProperties properties) {
        DeadLetterCount published = DeadLetterCount.counting(metrics, properties.orderEventsTopic() + "-dlt",
                properties.recalculationsTopic() + "-dlt");
        // present from the start at 0, so increase()-based alerts see the first one
        for (String type : List.of("OrderPlaced", "OrderReturned", "OpeningBalanceImported", "RecalculationRequested", "undecodable")) {
            metrics.counter("loyalty.events", "type", type, "outcome", "dead-lettered");
        }
        return (topic, value) -> {
            published.published(topic, value);
            metrics.counter("loyalty.events", "type", value == null ? "undecodable" : value.getClass().getSimpleName(),
                    "outcome", "dead-lettered").increment();
        };
    }
}
