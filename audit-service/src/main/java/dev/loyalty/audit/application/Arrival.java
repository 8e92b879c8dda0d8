package dev.loyalty.audit.application;

import dev.loyalty.audit.domain.ChangeSource;
import dev.loyalty.audit.domain.JournalEntry;

/** A change as it arrived: the journal entry it becomes, and the record it was read from. */
public record Arrival(JournalEntry entry, ChangeSource source) {
}
