package dev.loyalty.engine.config;

import dev.loyalty.schemas.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of loyalty-service ({@code loyalty.*}).
 *
 * @param orderEventsTopic    the input topic (orders, returns, opening balances)
 * @param accountChangesTopic the output topic (PointsChanged, TierChanged)
 * @param topicPartitions     partitions of topics this service creates
 * @param topicReplicas       replication factor of topics this service creates (1 only on a single broker)
 * @param heldReturnTimeout   how long a return waits for its order before it is dead-lettered
 * @param recalculationsTopic where recalculation jobs are queued (one partition: one job runner at a time)
 * @param recalculationChunkSize customers a recalculation reads, recomputes and writes at once
 * @param monthEndCheck       how often each instance checks whether a month began and its boundary is to be applied
 * @param monthSweepInitialDelay how soon after start-up the first check runs (a boundary passed while all were down)
 * @param relayInterval       how often left-behind outboxes are relayed and held returns checked for expiry
 * @param dueCheck            how often accounts with something due (lots, grace periods, overrides) are brought up to date
 * @param recentOrders        orders (and redemptions) an account keeps in its own document; older ones move to the
 *                            archive, half a window at a time, once the window holds half as many again
 * @param console             where the admin console (served at {@code /admin/}) finds the other services
 */
@ConfigurationProperties("loyalty")
public record LoyaltyProperties(
        @DefaultValue(Topics.POS_ORDER_EVENTS_NAME) String orderEventsTopic,
        @DefaultValue(Topics.ACCOUNT_CHANGES_NAME) String accountChangesTopic,
        @DefaultValue("12") int topicPartitions,
        @DefaultValue("1") short topicReplicas,
        @DefaultValue("7d") java.time.Duration heldReturnTimeout,
        @DefaultValue(Topics.RECALCULATIONS_NAME) String recalculationsTopic,
        @DefaultValue("1000") int recalculationChunkSize,
        // read by @Scheduled as ${loyalty.*} placeholders; declared here so every setting is in one place
        @DefaultValue("5m") java.time.Duration monthEndCheck,
        @DefaultValue("10s") java.time.Duration monthSweepInitialDelay,
        @DefaultValue("30s") java.time.Duration relayInterval,
        @DefaultValue("30s") java.time.Duration dueCheck,
        @DefaultValue("128") int recentOrders,
        @DefaultValue Console console) {

    public LoyaltyProperties {
        if (recentOrders < 2) {
            throw new IllegalArgumentException("loyalty.recent-orders must be at least 2, got " + recentOrders);
        }
    }

    /**
     * The base URLs the console's browser calls, told to it by {@code /admin/config.json}; each of those services must
     * allow the console's origin ({@code loyalty.security.cors-allowed-origins}).
     *
     * @param ordersUrl order-events-service (opening-balance imports)
     * @param auditUrl  audit-service (journal, overview)
     */
    public record Console(@DefaultValue("http://localhost:8081") String ordersUrl,
                          @DefaultValue("http://localhost:8083") String auditUrl) {
    }
}
