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
import dev.loyalty.support.InputBounds;
import dev.loyalty.support.KafkaErrorHandling;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a batch of {@code pos.order-events} records into account events and delegates; no rules
 * here. A record that cannot be read as an account event (poison, another type, another currency, a value
 * outside the input bounds: a POS may publish here directly) ends the batch there: the records before it are
 * applied, it is dead-lettered by the error handler ({@link BatchListenerFailedException} with its index), and
 * the rest is delivered again. An event the engine cannot apply is dead-lettered alone by the engine.
 * <p>
 * If applying the batch fails for any other reason that retrying cannot cure (a bug, a write the store refuses),
 * its events are applied again one at a time, and the first that fails alone is the one dead-lettered: never a
 * whole batch of valid events. Applying again is harmless, every event being applied once in effect.
 */
@Component
class OrderEventsListener {

    private static final LogAccessor LOG = new LogAccessor(OrderEventsListener.class);

    private final ApplyAccountEvents applyAccountEvents;
    private final ProgramStore programStore;
    private final MeterRegistry metrics;
    private final InputBounds bounds;
    private final Clock clock;

    OrderEventsListener(ApplyAccountEvents applyAccountEvents, ProgramStore programStore, MeterRegistry metrics,
                        InputBounds bounds, Clock clock) {
        this.applyAccountEvents = applyAccountEvents;
        this.programStore = programStore;
        this.metrics = metrics;
        this.bounds = bounds;
        this.clock = clock;
        // present from the start at 0, so dashboards and increase()-based alerts see the first occurrence
        // (dead letters are counted where they are published: DeadLetterCount)
        for (String type : List.of("OrderPlaced", "OrderReturned", "OpeningBalanceImported")) {
            for (String outcome : List.of("applied", "duplicate", "anonymous")) {
                count(type, outcome, 0);
            }
        }
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
        List<Integer> indexes = new ArrayList<>(records.size()); // each event's index in the records
        Instant now = clock.instant();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, SpecificRecord> record = records.get(i);
            AccountEvent event;
            try {
                event = toAccountEvent(record, currency, now);
            } catch (RuntimeException unreadable) {
                apply(events, indexes, handled);
                throw new BatchListenerFailedException(unreadable.getMessage(), unreadable, i);
            }
            if (event == null) {
                count(typeOf(record.value()), "anonymous");
            } else {
                events.add(new ApplyAccountEvents.LoggedEvent(event, new LogPosition(record.partition(), record.offset())));
                indexes.add(i);
            }
        }
        apply(events, indexes, handled);
    }

    private void apply(List<ApplyAccountEvents.LoggedEvent> events, List<Integer> indexes, HandledPositions handled) {
        if (events.isEmpty()) {
            return;
        }
        List<ApplyAccountEvents.Outcome> outcomes;
        try {
            outcomes = applyAccountEvents.applyAll(events, handled);
        } catch (RuntimeException failure) {
            if (KafkaErrorHandling.isTransient(failure)) {
                throw failure; // the store or broker is away: the whole batch is retried, nothing dead-lettered
            }
            LOG.warn(failure, () -> "Applying a batch of " + events.size() + " events failed; applying them one at a time");
            outcomes = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                try {
                    outcomes.addAll(applyAccountEvents.applyAll(List.of(events.get(i)), handled));
                } catch (RuntimeException alone) {
                    if (KafkaErrorHandling.isTransient(alone)) {
                        throw alone;
                    }
                    record(outcomes);
                    throw new BatchListenerFailedException(KafkaErrorHandling.reasonOf(alone), alone, indexes.get(i));
                }
            }
        }
        record(outcomes);
    }

    private void record(List<ApplyAccountEvents.Outcome> outcomes) {
        Instant now = clock.instant();
        for (ApplyAccountEvents.Outcome outcome : outcomes) {
            if (outcome.violation() == null) {
                count(outcome.event().getClass().getSimpleName(), outcome.stateChanged() ? "applied" : "duplicate");
            }
            outcome.changes().forEach(this::recordChange);
            metrics.timer("loyalty.event.age").record(Duration.between(outcome.event().occurredAt(), now).abs());
        }
    }

    /** @return null for an anonymous sale; @throws RuntimeException saying why the record cannot be applied */
    private AccountEvent toAccountEvent(ConsumerRecord<String, SpecificRecord> record, String currency, Instant now) {
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
            requireWithinBounds("OrderPlaced", "amount", bounds.amountProblem(o.getAmount(), false));
            requireWithinBounds("OrderPlaced", "occurredAt", bounds.timeProblem(o.getOccurredAt(), now));
            return new AccountEvent.OrderPlaced(o.getEventId(), o.getCustomerId(), o.getOrderId(), o.getAmount(), o.getOccurredAt());
        }
        if (value instanceof OrderReturned r) {
            if (r.getCustomerId() == null) {
                return null;
            }
            requireCurrency(r.getCurrency(), currency, "OrderReturned");
            requireWithinBounds("OrderReturned", "amount", bounds.amountProblem(r.getAmount(), false));
            requireWithinBounds("OrderReturned", "occurredAt", bounds.timeProblem(r.getOccurredAt(), now));
            return new AccountEvent.OrderReturned(r.getEventId(), r.getCustomerId(), r.getReturnId(), r.getOrderId(),
                    r.getAmount(), r.getOccurredAt());
        }
        if (value instanceof OpeningBalanceImported b) {
            requireCurrency(b.getCurrency(), currency, "OpeningBalanceImported");
            requireWithinBounds("OpeningBalanceImported", "lifetimeSpend", bounds.amountProblem(b.getLifetimeSpend(), true));
            requireWithinBounds("OpeningBalanceImported", "asOf", bounds.timeProblem(b.getOccurredAt(), now));
            if (b.getFirstPurchaseAt() != null) {
                requireWithinBounds("OpeningBalanceImported", "firstPurchaseAt", bounds.timeProblem(b.getFirstPurchaseAt(), now));
                requireWithinBounds("OpeningBalanceImported", "firstPurchaseAt",
                        b.getFirstPurchaseAt().isAfter(b.getOccurredAt()) ? "must not be after asOf" : null);
            }
            return new AccountEvent.OpeningBalanceImported(b.getEventId(), b.getCustomerId(), b.getSource(),
                    b.getLifetimeSpend(), b.getOccurredAt(), b.getFirstPurchaseAt(), b.getActor());
        }
        throw new EventRejectedException("loyalty-service applies OrderPlaced, OrderReturned and OpeningBalanceImported, not "
                + value.getClass().getSimpleName());
    }

    /** The contract's bounds on input hold for events published to Kafka directly, too. */
    private static void requireWithinBounds(String type, String field, String problem) {
        if (problem != null) {
            throw new EventRejectedException(type + " " + field + " " + problem);
        }
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
