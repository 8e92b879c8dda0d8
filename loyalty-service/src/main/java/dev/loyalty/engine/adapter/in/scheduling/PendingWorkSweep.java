package dev.loyalty.engine.adapter.in.scheduling;

import dev.loyalty.engine.application.RelayPendingChanges;
import dev.loyalty.engine.config.LoyaltyProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the relay of left-behind outboxes, the expiry of held returns and what falls due on Spring's scheduler. */
@Component
class PendingWorkSweep {

    private final RelayPendingChanges relay;
    private final LoyaltyProperties properties;

    PendingWorkSweep(RelayPendingChanges relay, LoyaltyProperties properties, MeterRegistry metrics) {
        this.relay = relay;
        this.properties = properties;
        Gauge.builder("loyalty.outbox.backlog", relay, RelayPendingChanges::backlog)
                .description("Accounts with changes stored but not yet confirmed published").register(metrics);
    }

    @Scheduled(initialDelayString = "${loyalty.relay-interval:PT30S}", fixedDelayString = "${loyalty.relay-interval:PT30S}")
    void relayAndExpire() {
        relay.relayOutboxes();
        relay.expireHeldReturns(properties.heldReturnTimeout());
    }

    /** Lots activating or expiring, grace periods and overrides ending: applied within a check of their instant. */
    @Scheduled(initialDelayString = "${loyalty.due-check:PT30S}", fixedDelayString = "${loyalty.due-check:PT30S}")
    void applyDueWork() {
        relay.applyDueWork();
    }
}
