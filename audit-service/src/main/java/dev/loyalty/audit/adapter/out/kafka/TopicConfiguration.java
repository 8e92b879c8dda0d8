package dev.loyalty.audit.adapter.out.kafka;

import dev.loyalty.audit.config.AuditProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Creates this service's dead-letter topic, if the cluster does not have it yet. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    NewTopic accountChangesDeadLetterTopic(AuditProperties properties) {
        return TopicBuilder.name(properties.accountChangesTopic() + "-dlt")
                .partitions(properties.topicPartitions()).replicas(properties.topicReplicas()).build();
    }
}
