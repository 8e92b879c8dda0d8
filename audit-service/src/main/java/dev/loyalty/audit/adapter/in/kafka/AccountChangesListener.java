package dev.loyalty.audit.adapter.in.kafka;

import dev.loyalty.schemas.Topics;
import dev.loyalty.audit.application.RecordAccountChange;
import dev.loyalty.audit.domain.JournalEntry;
import dev.loyalty.audit.domain.Reason;
import dev.loyalty.schemas.events.PointsChanged;
import dev.loyalty.schemas.events.TierChanged;
import dev.loyalty.schemas.events.TierDirection;
import dev.loyalty.support.EventRejectedException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Translates {@code loyalty.account-changes} records into journal entries and delegates. */
@Component
class AccountChangesListener {

    private final RecordAccountChange recordAccountChange;
    private final MeterRegistry metrics;
    private final Clock clock;

    AccountChangesListener(RecordAccountChange recordAccountChange, MeterRegistry metrics, Clock clock) {
        this.recordAccountChange = recordAccountChange;
        this.metrics = metrics;
        this.clock = clock;
        // present from the start at 0, so dashboards and increase()-based alerts see the first occurrence
        metrics.counter("audit.entries.duplicates");
        metrics.counter("audit.entries.dead-lettered");
    }

    @KafkaListener(id = "audit-account-changes", idIsGroup = false, topics = "${audit.account-changes-topic:" + Topics.ACCOUNT_CHANGES_NAME + "}")
    void on(ConsumerRecord<String, SpecificRecord> record) {
        JournalEntry entry = toEntry(record.value(), clock.instant());
        if (recordAccountChange.record(entry)) {
            metrics.counter("audit.entries.written", "type", entry.type().name()).increment();
            metrics.timer("audit.journal.lag").record(Duration.between(entry.occurredAt(), entry.recordedAt()).abs());
        } else {
            metrics.counter("audit.entries.duplicates").increment();
        }
    }

    private JournalEntry toEntry(SpecificRecord event, Instant now) {
        if (event instanceof PointsChanged p) {
            return JournalEntry.pointsChange(p.getEventId(), p.getCustomerId(), p.getSequence(), p.getOccurredAt(), now,
                    Reason.valueOf(p.getReason().name()), p.getPointsDelta(), p.getPointsBalance(), p.getTier(),
                    p.getOrderId(), p.getSourceEventId());
        }
        if (event instanceof TierChanged t) {
            return JournalEntry.tierChange(t.getEventId(), t.getCustomerId(), t.getSequence(), t.getOccurredAt(), now,
                    Reason.valueOf(t.getReason().name()), t.getDirection() == TierDirection.PROMOTED, t.getTierBefore(),
                    t.getTierAfter(), t.getPointsBalance(), t.getOrderId(), t.getSourceEventId());
        }
        metrics.counter("audit.entries.dead-lettered").increment();
        throw new EventRejectedException("audit-service records PointsChanged and TierChanged, not "
                + (event == null ? "an empty record" : event.getClass().getSimpleName()));
    }
}
