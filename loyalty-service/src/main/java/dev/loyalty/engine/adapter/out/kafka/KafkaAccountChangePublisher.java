package dev.loyalty.engine.adapter.out.kafka;

import dev.loyalty.engine.application.AccountChangePublisher;
import dev.loyalty.engine.config.LoyaltyProperties;
import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.schemas.events.ChangeReason;
import dev.loyalty.schemas.events.PointsChanged;
import dev.loyalty.schemas.events.TierChanged;
import dev.loyalty.schemas.events.TierDirection;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Publishes account changes keyed by customerId and waits until the broker has every one. */
@Component
class KafkaAccountChangePublisher implements AccountChangePublisher {

    private final KafkaTemplate<String, SpecificRecord> kafka;
    private final LoyaltyProperties properties;

    KafkaAccountChangePublisher(KafkaTemplate<String, SpecificRecord> kafka, LoyaltyProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    @Override
    public void publish(List<AccountChange> changes) {
        CompletableFuture<?>[] sends = changes.stream()
                .map(change -> kafka.send(properties.accountChangesTopic(), change.customerId(), toEvent(change)))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(sends).join();
    }

    /**
     * The reason as the v1 enum has it, so that readers of v1 and v2 read every change: the lifecycle's reasons as
     * their nearest (the full reason is in {@code cause}).
     */
    static ChangeReason v1Reason(dev.loyalty.engine.domain.ChangeReason reason) {
        return switch (reason) {
            case PENDING_ENDED -> ChangeReason.ORDER;
            case GRACE_ENDED -> ChangeReason.PERIOD_ROLLOVER;
            case EXPIRY, ADJUSTMENT, MANUAL -> ChangeReason.RECALCULATION;
            default -> ChangeReason.valueOf(reason.name());
        };
    }

    static SpecificRecord toEvent(AccountChange change) {
        if (change instanceof AccountChange.PointsChange points) {
            return PointsChanged.newBuilder()
                    .setEventId(points.eventId())
                    .setOccurredAt(points.occurredAt())
                    .setCustomerId(points.customerId())
                    .setSequence(points.sequence())
                    .setReason(v1Reason(points.reason()))
                    .setCause(points.reason().name())
                    .setPointsDelta(points.delta())
                    .setPointsBalance(points.balanceAfter())
                    .setTier(points.tier())
                    .setOrderId(points.orderId())
                    .setSourceEventId(points.sourceEventId())
                    .setActor(points.actor())
                    .setNote(points.note())
                    .build();
        }
        AccountChange.TierChange tier = (AccountChange.TierChange) change;
        return TierChanged.newBuilder()
                .setEventId(tier.eventId())
                .setOccurredAt(tier.occurredAt())
                .setCustomerId(tier.customerId())
                .setSequence(tier.sequence())
                .setReason(v1Reason(tier.reason()))
                .setCause(tier.reason().name())
                .setDirection(tier.promoted() ? TierDirection.PROMOTED : TierDirection.DEMOTED)
                .setTierBefore(tier.from())
                .setTierAfter(tier.to())
                .setQualifyingSpend(tier.qualifyingSpend())
                .setPointsBalance(tier.pointsBalance())
                .setOrderId(tier.orderId())
                .setSourceEventId(tier.sourceEventId())
                .setActor(tier.actor())
                .setNote(tier.note())
                .build();
    }
}
