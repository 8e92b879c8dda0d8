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

    @Bean
    DeadLetterCount deadLetterCount(MeterRegistry metrics) {
        DeadLetterCount published = DeadLetterCount.counting(metrics);
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
