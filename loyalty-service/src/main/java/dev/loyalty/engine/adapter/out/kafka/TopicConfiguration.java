package dev.loyalty.engine.adapter.out.kafka;

import dev.loyalty.engine.config.LoyaltyProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Creates the topics this service writes to, if the cluster does not have them yet. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    NewTopic accountChangesTopic(LoyaltyProperties properties) {
        return TopicBuilder.name(properties.accountChangesTopic())
                .partitions(properties.topicPartitions()).replicas(properties.topicReplicas()).build();
    }

    /** One partition on purpose: the consumer group gives each job to exactly one instance. */
    @Bean
    NewTopic recalculationsTopic(LoyaltyProperties properties) {
        return TopicBuilder.name(properties.recalculationsTopic()).partitions(1).replicas(properties.topicReplicas()).build();
    }

    @Bean
    NewTopic recalculationsDeadLetterTopic(LoyaltyProperties properties) {
        return TopicBuilder.name(properties.recalculationsTopic() + "-dlt").partitions(1).replicas(properties.topicReplicas()).build();
    }

    @Bean
    NewTopic orderEventsDeadLetterTopic(LoyaltyProperties properties) {
        return TopicBuilder.name(properties.orderEventsTopic() + "-dlt")
                .partitions(properties.topicPartitions()).replicas(properties.topicReplicas()).build();
    }
}
