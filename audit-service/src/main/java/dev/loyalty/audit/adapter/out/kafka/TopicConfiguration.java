package dev.loyalty.audit.adapter.out.kafka;

import dev.loyalty.audit.config.AuditProperties;
import dev.loyalty.support.DeadLetterCount;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Creates this service's dead-letter topic, if the cluster does not have it yet, and counts what goes there. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    /** Every dead letter, whichever path sent it: {@code audit_entries_dead_lettered_total} and the shared counter. */
    @Bean
    DeadLetterCount deadLetterCount(MeterRegistry metrics) {
        DeadLetterCount published = DeadLetterCount.counting(metrics);
        metrics.counter("audit.entries.dead-lettered"); // present at 0 from the start
        return (topic, value) -> {
            published.published(topic, value);
            metrics.counter("audit.entries.dead-lettered").increment();
        };
    }

    @Bean
    NewTopic accountChangesDeadLetterTopic(AuditProperties properties) {
        return TopicBuilder.name(properties.accountChangesTopic() + "-dlt")
                .partitions(properties.topicPartitions()).replicas(properties.topicReplicas()).build();
    }
}
