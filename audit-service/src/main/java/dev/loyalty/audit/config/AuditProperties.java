package dev.loyalty.audit.config;

import dev.loyalty.schemas.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of audit-service ({@code audit.*}).
 *
 * @param accountChangesTopic the input topic (PointsChanged, TierChanged)
 * @param topicPartitions     partitions of topics this service creates (its dead-letter topic)
 * @param topicReplicas       replication factor of topics this service creates
 * @param maxPageSize         the largest journal page a caller may ask for
 * @param overviewRefresh     how long the overview gauges answer from their last read of the tallies (a scrape
 *                            never costs more than one read per period; a tier first seen shows from the next scrape)
 */
@ConfigurationProperties("audit")
public record AuditProperties(
        @DefaultValue(Topics.ACCOUNT_CHANGES_NAME) String accountChangesTopic,
        @DefaultValue("12") int topicPartitions,
        @DefaultValue("1") short topicReplicas,
        @DefaultValue("500") int maxPageSize,
        @DefaultValue("PT30S") Duration overviewRefresh) {
}
