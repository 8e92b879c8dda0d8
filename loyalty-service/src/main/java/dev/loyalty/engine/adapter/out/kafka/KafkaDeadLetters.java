package dev.loyalty.engine.adapter.out.kafka;

import dev.loyalty.engine.application.DeadLetters;
import dev.loyalty.engine.application.ProgramStore;
import dev.loyalty.engine.config.LoyaltyProperties;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.support.KafkaErrorHandling;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/** Dead-letters a held return refused when its order arrived, as the error handler would have. */
@Component
class KafkaDeadLetters implements DeadLetters {

    private final KafkaTemplate<String, SpecificRecord> kafka;
    private final LoyaltyProperties properties;
    private final ProgramStore programStore;

    KafkaDeadLetters(KafkaTemplate<String, SpecificRecord> kafka, LoyaltyProperties properties, ProgramStore programStore) {
        this.kafka = kafka;
        this.properties = properties;
        this.programStore = programStore;
    }

    @Override
    public void reject(AccountEvent.OrderReturned event, String reason) {
        OrderReturned record = OrderReturned.newBuilder()
                .setEventId(event.eventId()).setOccurredAt(event.occurredAt()).setCustomerId(event.customerId())
                .setReturnId(event.returnId()).setOrderId(event.orderId()).setAmount(event.amount())
                .setCurrency(programStore.program().currency()).setReceivedAt(event.occurredAt()).build();
        ProducerRecord<String, SpecificRecord> letter =
                new ProducerRecord<>(properties.orderEventsTopic() + "-dlt", event.customerId(), record);
        letter.headers().add(KafkaErrorHandling.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        kafka.send(letter).join();
    }
}
