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

    /** The records in the dead-letter topic, whoever wrote them: {@code dead_letter_topic_records{topic}}. */
    @Bean
    dev.loyalty.support.DeadLetterTopicSizes deadLetterTopicSizes(org.springframework.kafka.core.KafkaAdmin admin,
                                                                 AuditProperties properties, MeterRegistry metrics,
                                                                 java.time.Clock clock) {
        return new dev.loyalty.support.DeadLetterTopicSizes(admin, java.util.List.of(properties.accountChangesTopic() + "-dlt"),
                metrics, clock);
    }

    /** Every dead letter, whichever path sent it: {@code audit_entries_dead_lettered_total} and the shared counter. */
    @Bean
    DeadLetterCount deadLetterCount(MeterRegistry metrics, AuditProperties properties) {
        DeadLetterCount published = DeadLetterCount.counting(metrics, properties.accountChangesTopic() + "-dlt");
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
