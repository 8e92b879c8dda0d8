package dev.loyalty.orders.config;

import dev.loyalty.schemas.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Settings of order-events-service ({@code orders.*}).
 *
 * @param programCurrency the one currency of the loyalty program (ISO 4217); other currencies get 422
 * @param topic           where orders, returns and opening balances are published
 * @param topicPartitions partitions of the topic when this service creates it
 * @param topicReplicas   replication factor when this service creates it (1 only on a single broker)
 * @param publishTimeout  how long a request waits for the broker's acknowledgement before answering 503
 * @param maxJsonBody     largest JSON order or return
 * @param maxJsonImport   largest JSON import (larger imports go as streamed text/csv, which has no limit)
 */
@ConfigurationProperties("orders")
public record OrderEventsProperties(
        @DefaultValue("VND") String programCurrency,
        @DefaultValue(Topics.POS_ORDER_EVENTS_NAME) String topic,
        @DefaultValue("12") int topicPartitions,
        @DefaultValue("1") short topicReplicas,
        @DefaultValue("10s") Duration publishTimeout,
        @DefaultValue("16KB") DataSize maxJsonBody,
        @DefaultValue("16MB") DataSize maxJsonImport) {

    public OrderEventsProperties {
        try {
            java.util.Currency.getInstance(programCurrency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("orders.program-currency must be an ISO 4217 code, not " + programCurrency);
        }
    }
}
