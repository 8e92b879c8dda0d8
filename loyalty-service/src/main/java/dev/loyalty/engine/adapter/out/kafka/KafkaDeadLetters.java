package dev.loyalty.engine.adapter.out.kafka;

import dev.loyalty.engine.application.DeadLetters;
import dev.loyalty.engine.application.ProgramStore;
import dev.loyalty.engine.config.LoyaltyProperties;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.schemas.events.OpeningBalanceImported;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.support.DeadLetterCount;
import dev.loyalty.support.KafkaErrorHandling;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/**
 * Dead-letters one event the engine refused (a rule broken, a held return refused or given up on), as the error
 * handler would have, with the reason in the {@code dlt-reason} header.
 */
@Component
class KafkaDeadLetters implements DeadLetters {

    private final KafkaTemplate<String, SpecificRecord> kafka;
    private final LoyaltyProperties properties;
    private final ProgramStore programStore;
    private final DeadLetterCount deadLetterCount;

    KafkaDeadLetters(KafkaTemplate<String, SpecificRecord> kafka, LoyaltyProperties properties, ProgramStore programStore,
                     DeadLetterCount deadLetterCount) {
        this.kafka = kafka;
        this.properties = properties;
        this.programStore = programStore;
        this.deadLetterCount = deadLetterCount;
    }

    @Override
    public void reject(AccountEvent event, String reason) {
        SpecificRecord record = toRecord(event);
        String topic = properties.orderEventsTopic() + KafkaErrorHandling.DEAD_LETTER_SUFFIX;
        ProducerRecord<String, SpecificRecord> letter = new ProducerRecord<>(topic, event.customerId(), record);
        letter.headers().add(KafkaErrorHandling.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        kafka.send(letter).join();
        deadLetterCount.published(topic, record);
    }

    /** The event as it came in (rule violations are returns today; the others for completeness). */
    private SpecificRecord toRecord(AccountEvent event) {
        String currency = programStore.program().currency();
        if (event instanceof AccountEvent.OrderReturned r) {
            return OrderReturned.newBuilder().setEventId(r.eventId()).setOccurredAt(r.occurredAt()).setCustomerId(r.customerId())
                    .setReturnId(r.returnId()).setOrderId(r.orderId()).setAmount(r.amount()).setCurrency(currency)
                    .setReceivedAt(r.occurredAt()).build();
        }
        if (event instanceof AccountEvent.OrderPlaced o) {
            return OrderPlaced.newBuilder().setEventId(o.eventId()).setOccurredAt(o.occurredAt()).setCustomerId(o.customerId())
                    .setOrderId(o.orderId()).setStoreId("unknown").setAmount(o.amount()).setCurrency(currency)
                    .setReceivedAt(o.occurredAt()).build();
        }
        if (event instanceof AccountEvent.OpeningBalanceImported b) {
            return OpeningBalanceImported.newBuilder().setEventId(b.eventId()).setOccurredAt(b.occurredAt())
                    .setCustomerId(b.customerId()).setImportId("unknown").setSource(b.source()).setLifetimeSpend(b.lifetimeSpend())
                    .setCurrency(currency).setFirstPurchaseAt(b.firstPurchaseAt()).build();
        }
        throw new IllegalArgumentException("no input record for " + event.getClass().getSimpleName());
    }
}
