package dev.loyalty.engine.adapter.out.kafka;

import dev.loyalty.engine.application.RecalculationRequests;
import dev.loyalty.engine.config.LoyaltyProperties;
import dev.loyalty.schemas.events.RecalculationRequested;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Queues a job on the one-partition recalculations topic and waits for the broker's ack. */
@Component
class KafkaRecalculationRequests implements RecalculationRequests {

    /** The key of every request: one program, so one partition and one runner at a time. */
    static final String PROGRAM_KEY = "program";

    private final KafkaTemplate<String, SpecificRecord> kafka;
    private final LoyaltyProperties properties;

    KafkaRecalculationRequests(KafkaTemplate<String, SpecificRecord> kafka, LoyaltyProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    @Override
    public void request(String jobId, Instant requestedAt) {
        kafka.send(properties.recalculationsTopic(), PROGRAM_KEY, RecalculationRequested.newBuilder()
                .setEventId(jobId).setOccurredAt(requestedAt).setJobId(jobId).build()).join();
    }
}
