package dev.loyalty.orders.adapter.out.kafka;

import dev.loyalty.orders.config.OrderEventsProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Creates the topic this service publishes to, if the cluster does not have it yet. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    NewTopic orderEventsTopic(OrderEventsProperties properties) {
        return TopicBuilder.name(properties.topic())
                .partitions(properties.topicPartitions()).replicas(properties.topicReplicas()).build();
    }
}
