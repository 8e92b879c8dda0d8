package dev.loyalty.audit.adapter.in.kafka;

import dev.loyalty.schemas.Topics;
import dev.loyalty.audit.application.Arrival;
import dev.loyalty.audit.application.RecordAccountChange;
import dev.loyalty.audit.domain.ChangeSource;
import dev.loyalty.audit.domain.JournalEntry;
import dev.loyalty.audit.domain.Reason;
import dev.loyalty.schemas.events.PointsChanged;
import dev.loyalty.schemas.events.TierChanged;
import dev.loyalty.schemas.events.TierDirection;
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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Translates {@code loyalty.account-changes} records into journal entries and delegates. */
@Component
class AccountChangesListener {

    private static final LogAccessor LOG = new LogAccessor(AccountChangesListener.class);

    private final RecordAccountChange recordAccountChange;
    private final MeterRegistry metrics;
    private final Clock clock;

    AccountChangesListener(RecordAccountChange recordAccountChange, MeterRegistry metrics, Clock clock) {
        this.recordAccountChange = recordAccountChange;
        this.metrics = metrics;
        this.clock = clock;
        // present from the start at 0, so dashboards and increase()-based alerts see the first occurrence
        metrics.counter("audit.entries.duplicates");
    }

    /**
     * A batch becomes one journal write. A record that is not a change (poison, another type) ends the batch
     * there: the entries before it are recorded, it is dead-lettered by the error handler
     * ({@link BatchListenerFailedException} with its index), and the rest is delivered again.
     */
    @KafkaListener(id = "audit-account-changes", idIsGroup = false, batch = "true",
            topics = "${audit.account-changes-topic:" + Topics.ACCOUNT_CHANGES_NAME + "}")
    void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        Instant now = clock.instant();
        List<Arrival> arrivals = new ArrayList<>(records.size());
        List<Long> publishedAt = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, SpecificRecord> record = records.get(i);
            try {
                arrivals.add(new Arrival(toEntry(readable(record), now), new ChangeSource(record.partition(), record.offset())));
                publishedAt.add(record.timestamp());
            } catch (RuntimeException unreadable) {
                record(arrivals, publishedAt);
                throw new BatchListenerFailedException(unreadable.getMessage(), unreadable, i);
            }
        }
        record(arrivals, publishedAt);
    }

    /**
     * Journal lag runs from when the engine published the change (the record's timestamp) to when it is recorded:
     * how far the journal is behind, whatever the business time of the change (a back-dated order is not lag).
     */
    private void record(List<Arrival> arrivals, List<Long> publishedAt) {
        Set<String> written = recordAccountChange.recordAll(arrivals);
        for (int i = 0; i < arrivals.size(); i++) {
            JournalEntry entry = arrivals.get(i).entry();
            if (written.contains(entry.entryId())) {
                metrics.counter("audit.entries.written", "type", entry.type().name()).increment();
                long published = publishedAt.get(i);
                if (published >= 0) {
                    metrics.timer("audit.journal.lag").record(Duration.ofMillis(Math.max(0, entry.recordedAt().toEpochMilli() - published)));
                }
            } else {
                metrics.counter("audit.entries.duplicates").increment();
            }
        }
    }

    /** The full reason (v3's {@code cause}), or the v1 reason of an older change. */
    private static Reason reasonOf(String cause, String reason) {
        return Reason.valueOf(cause != null ? cause : reason);
    }

    /** The record's event; a record that could not be decoded throws the decoder's reason. */
    private static SpecificRecord readable(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() == null) {
            DeserializationException poison = SerializationUtils.getExceptionFromHeader(record,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            throw poison != null ? poison : new EventRejectedException("empty record");
        }
        return record.value();
    }

    private JournalEntry toEntry(SpecificRecord event, Instant now) {
        if (event instanceof PointsChanged p) {
            return JournalEntry.pointsChange(p.getEventId(), p.getCustomerId(), p.getSequence(), p.getOccurredAt(), now,
                    reasonOf(p.getCause(), p.getReason().name()), p.getPointsDelta(), p.getPointsBalance(), p.getTier(),
                    p.getOrderId(), p.getSourceEventId()).by(p.getActor(), p.getNote());
        }
        if (event instanceof TierChanged t) {
            return JournalEntry.tierChange(t.getEventId(), t.getCustomerId(), t.getSequence(), t.getOccurredAt(), now,
                    reasonOf(t.getCause(), t.getReason().name()), t.getDirection() == TierDirection.PROMOTED, t.getTierBefore(),
                    t.getTierAfter(), t.getPointsBalance(), t.getOrderId(), t.getSourceEventId()).by(t.getActor(), t.getNote());
        }
        throw new EventRejectedException("audit-service records PointsChanged and TierChanged, not "
                + (event == null ? "an empty record" : event.getClass().getSimpleName()));
    }
}
