package dev.loyalty.engine.adapter.in.kafka;

import dev.loyalty.engine.application.ApplyAccountEvents;
import dev.loyalty.engine.application.ProgramStore;
import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.RuleViolation;
import dev.loyalty.schemas.Topics;
import dev.loyalty.schemas.events.OpeningBalanceImported;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.support.EventRejectedException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Translates {@code pos.order-events} records into account events and delegates; no rules here.
 * A record that breaks a rule is rethrown as {@link EventRejectedException}: dead-lettered with the reason.
 */
@Component
class OrderEventsListener {

    private final ApplyAccountEvents applyAccountEvents;
    private final ProgramStore programStore;
    private final MeterRegistry metrics;

    OrderEventsListener(ApplyAccountEvents applyAccountEvents, ProgramStore programStore, MeterRegistry metrics) {
        this.applyAccountEvents = applyAccountEvents;
        this.programStore = programStore;
        this.metrics = metrics;
    }

    @KafkaListener(id = "loyalty-order-events", topics = "${loyalty.order-events-topic:" + Topics.POS_ORDER_EVENTS_NAME + "}")
    void on(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        String type = value == null ? "empty" : value.getClass().getSimpleName();
        AccountEvent event = toAccountEvent(value, type);
        if (event == null) {
            count(type, "anonymous");
            return;
        }
        try {
            CustomerAccount.Applied applied = applyAccountEvents.apply(event);
            count(type, applied.stateChanged() ? (applied.account().heldReturns().stream()
                    .anyMatch(h -> h.event().eventId().equals(event.eventId())) ? "held" : "applied") : "duplicate");
            applied.rejected().forEach(r -> count("OrderReturned", "dead-lettered"));
            recordChanges(applied);
            metrics.timer("loyalty.event.age").record(Duration.between(event.occurredAt(), Instant.now()).abs());
        } catch (RuleViolation violation) {
            count(type, "dead-lettered");
            throw new EventRejectedException(violation.getMessage());
        }
    }

    private AccountEvent toAccountEvent(SpecificRecord value, String type) {
        String currency = programStore.program().currency();
        if (value instanceof OrderPlaced o) {
            if (o.getCustomerId() == null) {
                return null;
            }
            requireCurrency(o.getCurrency(), currency, type);
            return new AccountEvent.OrderPlaced(o.getEventId(), o.getCustomerId(), o.getOrderId(), o.getAmount(), o.getOccurredAt());
        }
        if (value instanceof OrderReturned r) {
            if (r.getCustomerId() == null) {
                return null;
            }
            requireCurrency(r.getCurrency(), currency, type);
            return new AccountEvent.OrderReturned(r.getEventId(), r.getCustomerId(), r.getReturnId(), r.getOrderId(),
                    r.getAmount(), r.getOccurredAt());
        }
        if (value instanceof OpeningBalanceImported b) {
            requireCurrency(b.getCurrency(), currency, type);
            return new AccountEvent.OpeningBalanceImported(b.getEventId(), b.getCustomerId(), b.getSource(),
                    b.getLifetimeSpend(), b.getOccurredAt(), b.getFirstPurchaseAt());
        }
        count(type, "dead-lettered");
        throw new EventRejectedException("loyalty-service applies OrderPlaced, OrderReturned and OpeningBalanceImported, not " + type);
    }

    private void requireCurrency(String actual, String program, String type) {
        if (!program.equals(actual)) {
            count(type, "dead-lettered");
            throw new EventRejectedException(type + " in " + actual + ", but the program's currency is " + program);
        }
    }

    private void recordChanges(CustomerAccount.Applied applied) {
        for (AccountChange change : applied.changes()) {
            if (change instanceof AccountChange.TierChange tier) {
                metrics.counter("loyalty.tier.changes", "from", String.valueOf(tier.from()), "to", String.valueOf(tier.to())).increment();
            } else if (change instanceof AccountChange.PointsChange points) {
                String kind = points.delta() > 0 ? "earned" : "reversed";
                metrics.counter("loyalty.points", "kind", kind).increment(Math.abs(points.delta()));
            }
        }
    }

    private void count(String type, String outcome) {
        metrics.counter("loyalty.events", "type", type, "outcome", outcome).increment();
    }
}
