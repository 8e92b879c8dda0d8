package dev.loyalty.engine.adapter.in.kafka;

import dev.loyalty.engine.application.ApplyAccountEvents;
import dev.loyalty.engine.application.HandledPositions;
import dev.loyalty.engine.application.LogPosition;
import dev.loyalty.engine.application.ProgramStore;
import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.schemas.Topics;
import dev.loyalty.schemas.events.OpeningBalanceImported;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.support.EventRejectedException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a batch of {@code pos.order-events} records into account events and delegates; no rules
 * here. A record that cannot be read as an account event (poison, another type, another currency)
 * ends the batch there: the records before it are applied, it is dead-lettered by the error handler
 * ({@link BatchListenerFailedException} with its index), and the rest is delivered again.
 */
@Component
class OrderEventsListener {

    private static final LogAccessor LOG = new LogAccessor(OrderEventsListener.class);

    private final ApplyAccountEvents applyAccountEvents;
    private final ProgramStore programStore;
    private final MeterRegistry metrics;

    OrderEventsListener(ApplyAccountEvents applyAccountEvents, ProgramStore programStore, MeterRegistry metrics) {
        this.applyAccountEvents = applyAccountEvents;
        this.programStore = programStore;
        this.metrics = metrics;
        // present from the start at 0, so dashboards and increase()-based alerts see the first occurrence
        for (String type : List.of("OrderPlaced", "OrderReturned", "OpeningBalanceImported")) {
            for (String outcome : List.of("applied", "duplicate", "dead-lettered", "anonymous")) {
                count(type, outcome, 0);
            }
        }
        count("undecodable", "dead-lettered", 0);
        for (String kind : List.of("earned", "reversed", "redeemed")) {
            metrics.counter("loyalty.points", "kind", kind);
        }
    }

    @KafkaListener(id = "loyalty-order-events", idIsGroup = false, batch = "true",
            topics = "${loyalty.order-events-topic:" + Topics.POS_ORDER_EVENTS_NAME + "}")
    void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        String currency = programStore.program().currency();
        // the consumer moved past the records before these only once their batch had completed
        Map<Integer, Long> batchStart = new HashMap<>();
        records.forEach(r -> batchStart.merge(r.partition(), r.offset(), Math::min));
        HandledPositions handled = new HandledPositions(batchStart);
        List<ApplyAccountEvents.LoggedEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, SpecificRecord> record = records.get(i);
            AccountEvent event;
            try {
                event = toAccountEvent(record, currency);
            } catch (RuntimeException unreadable) {
                apply(events, handled);
                count(typeOf(record.value()), "dead-lettered");
                throw new BatchListenerFailedException(unreadable.getMessage(), unreadable, i);
            }
            if (event == null) {
                count(typeOf(record.value()), "anonymous");
            } else {
                events.add(new ApplyAccountEvents.LoggedEvent(event, new LogPosition(record.partition(), record.offset())));
            }
        }
        apply(events, handled);
    }

    private void apply(List<ApplyAccountEvents.LoggedEvent> events, HandledPositions handled) {
        if (events.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        for (ApplyAccountEvents.Outcome outcome : applyAccountEvents.applyAll(events, handled)) {
            String type = outcome.event().getClass().getSimpleName();
            count(type, outcome.violation() != null ? "dead-lettered" : outcome.stateChanged() ? "applied" : "duplicate");
            for (int i = 0; i < outcome.rejectedHeldReturns(); i++) {
                count("OrderReturned", "dead-lettered");
            }
            outcome.changes().forEach(this::recordChange);
            metrics.timer("loyalty.event.age").record(Duration.between(outcome.event().occurredAt(), now).abs());
        }
    }

    /** @return null for an anonymous sale; @throws RuntimeException saying why the record cannot be applied */
    private static AccountEvent toAccountEvent(ConsumerRecord<String, SpecificRecord> record, String currency) {
        SpecificRecord value = record.value();
        if (value == null) {
            DeserializationException poison = SerializationUtils.getExceptionFromHeader(record,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            throw poison != null ? poison : new EventRejectedException("empty record");
        }
        if (value instanceof OrderPlaced o) {
            if (o.getCustomerId() == null) {
                return null;
            }
            requireCurrency(o.getCurrency(), currency, "OrderPlaced");
            return new AccountEvent.OrderPlaced(o.getEventId(), o.getCustomerId(), o.getOrderId(), o.getAmount(), o.getOccurredAt());
        }
        if (value instanceof OrderReturned r) {
            if (r.getCustomerId() == null) {
                return null;
            }
            requireCurrency(r.getCurrency(), currency, "OrderReturned");
            return new AccountEvent.OrderReturned(r.getEventId(), r.getCustomerId(), r.getReturnId(), r.getOrderId(),
                    r.getAmount(), r.getOccurredAt());
        }
        if (value instanceof OpeningBalanceImported b) {
            requireCurrency(b.getCurrency(), currency, "OpeningBalanceImported");
            return new AccountEvent.OpeningBalanceImported(b.getEventId(), b.getCustomerId(), b.getSource(),
                    b.getLifetimeSpend(), b.getOccurredAt(), b.getFirstPurchaseAt());
        }
        throw new EventRejectedException("loyalty-service applies OrderPlaced, OrderReturned and OpeningBalanceImported, not "
                + value.getClass().getSimpleName());
    }

    private static void requireCurrency(String actual, String program, String type) {
        if (!program.equals(actual)) {
            throw new EventRejectedException(type + " in " + actual + ", but the program's currency is " + program);
        }
    }

    private void recordChange(AccountChange change) {
        if (change instanceof AccountChange.TierChange tier) {
            metrics.counter("loyalty.tier.changes", "from", String.valueOf(tier.from()), "to", String.valueOf(tier.to())).increment();
        } else if (change instanceof AccountChange.PointsChange points) {
            metrics.counter("loyalty.points", "kind", points.delta() > 0 ? "earned" : "reversed").increment(Math.abs(points.delta()));
        }
    }

    private static String typeOf(Object value) {
        return value == null ? "undecodable" : value.getClass().getSimpleName();
    }

    private void count(String type, String outcome) {
        count(type, outcome, 1);
    }

    private void count(String type, String outcome, int amount) {
        metrics.counter("loyalty.events", "type", type, "outcome", outcome).increment(amount);
    }
}
