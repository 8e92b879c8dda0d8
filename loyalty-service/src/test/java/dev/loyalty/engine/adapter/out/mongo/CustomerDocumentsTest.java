package dev.loyalty.engine.adapter.out.mongo;

import dev.loyalty.engine.application.CustomerAccounts.StoredAccount;
import dev.loyalty.engine.application.JobPosition;
import dev.loyalty.engine.application.LogPosition;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.TierPolicy;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An account survives its document, in the positional format written now and in the one written before. */
class CustomerDocumentsTest {

    private static final Instant AT = Instant.parse("2026-11-24T03:00:00Z");

    @Test
    void anAccountWithOrdersAReturnAHeldReturnAndPendingChangesReadsBackEqual() {
        CustomerAccount.Applied ordered = CustomerAccount.newCustomer("c-1").apply(
                new AccountEvent.OrderPlaced("e-1", "c-1", "o.1", 1_250_000, AT), LoyaltyProgram.DEFAULT, TierPolicy.NONE, AT);
        CustomerAccount.Applied returned = ordered.account().apply(
                new AccountEvent.OrderReturned("e-2", "c-1", "r-1", "o.1", 250_000, AT.plusSeconds(60)), LoyaltyProgram.DEFAULT, TierPolicy.NONE, AT);
        CustomerAccount.Applied held = returned.account().apply( // its order is still on its way
                new AccountEvent.OrderReturned("e-3", "c-1", "r-2", "o.2", 10_000, AT.minusSeconds(86_400 * 30)), LoyaltyProgram.DEFAULT,
                TierPolicy.NONE, AT.plusSeconds(120));

        Document document = CustomerDocuments.toDocument(held.account(), returned.changes());
        StoredAccount stored = CustomerDocuments.toStored(document);

        assertThat(stored.account()).isEqualTo(held.account().withRevision(1));
        assertThat(stored.account().heldReturns()).singleElement().satisfies(h -> assertThat(h.heldAt()).isEqualTo(AT.plusSeconds(120)));
        assertThat(stored.outbox()).isEqualTo(returned.changes());
    }

    @Test
    void theStandingReadWithoutTheHistoryIsTheStandingOfTheWholeAccount() {
        CustomerAccount account = CustomerAccount.newCustomer("c-1").apply(new AccountEvent.OpeningBalanceImported("e-0", "c-1", "misa",
                4_000_000, AT.minusSeconds(86_400 * 60), AT.minusSeconds(86_400 * 400)), LoyaltyProgram.DEFAULT, TierPolicy.NONE, AT).account();
        account = account.apply(new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 1_250_000, AT), LoyaltyProgram.DEFAULT, TierPolicy.NONE, AT).account();
        account = account.apply(new AccountEvent.OrderReturned("e-2", "c-1", "r-1", "o-1", 250_000, AT.plusSeconds(60)),
                LoyaltyProgram.DEFAULT, TierPolicy.NONE, AT).account();
        Document stored = CustomerDocuments.toDocument(account, List.of());

        Document projected = new Document("_id", stored.get("_id")); // what the store returns for the STANDING projection
        CustomerDocuments.STANDING.keySet().forEach(field -> projected.append(field, stored.get(field)));

        assertThat(CustomerDocuments.toStanding(projected)).isEqualTo(account.withRevision(1).standing());
        assertThat(CustomerDocuments.toStanding(projected).lifetimeSpend()).as("opening balance and net orders").isEqualTo(5_000_000);
        assertThat(projected.keySet()).doesNotContain("orders", "recentEventIds", "redemptions", "outbox");
    }

    @Test
    void anOutboxWrittenByAnOrderEventsBatchKeepsTheRecordWhoseRedeliveryPublishesItAndIsNotTheRelaysWork() {
        CustomerAccount.Applied ordered = CustomerAccount.newCustomer("c-1").apply(
                new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 1_250_000, AT), LoyaltyProgram.DEFAULT, TierPolicy.NONE, AT);

        Document byBatch = CustomerDocuments.toDocument(new StoredAccount(ordered.account(), ordered.changes(), new LogPosition(7, 123_456L)));
        Document byRedemption = CustomerDocuments.toDocument(new StoredAccount(ordered.account(), ordered.changes()));

        assertThat(CustomerDocuments.toStored(byBatch).redelivery()).isEqualTo(new LogPosition(7, 123_456L));
        assertThat(byBatch.getBoolean("outboxPending")).isFalse();
        assertThat(CustomerDocuments.toStored(byRedemption).redelivery()).isNull();
        assertThat(byRedemption.getBoolean("outboxPending")).isTrue();
    }

    @Test
    void anOutboxWrittenByARecalculationOverEverybodyKeepsItsJobWhoseRedoPublishesItAndIsNotTheRelaysWork() {
        CustomerAccount.Applied ordered = CustomerAccount.newCustomer("c-1").apply(
                new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 1_250_000, AT), LoyaltyProgram.DEFAULT, TierPolicy.NONE, AT);

        Document byJob = CustomerDocuments.toDocument(new StoredAccount(ordered.account(), ordered.changes(), new JobPosition("job-1", "c-1")));

        assertThat(CustomerDocuments.toStored(byJob).redelivery()).isEqualTo(new JobPosition("job-1", "c-1"));
        assertThat(byJob.getBoolean("outboxPending")).isFalse();
    }

    @Test
    void aDocumentWrittenBeforeWithOneSubdocumentPerOrderAndChangeIsStillRead() {
        Document old = new Document("_id", "c-1").append("revision", 3L).append("tier", null).append("pointsBalance", 100L)
                .append("lifetimeSpend", 1_000_000L).append("orderSpend", 1_000_000L).append("monthlySpend", new Document("2026-11", 1_000_000L))
                .append("firstPurchaseAt", Date.from(AT)).append("clock", Date.from(AT)).append("lastSequence", 1L)
                .append("orders", List.of(new Document("id", "o-1").append("amount", 1_000_000L).append("returned", 0L)
                        .append("at", Date.from(AT)).append("month", "2026-11").append("rateSpend", 10_000L).append("ratePoints", 1L)
                        .append("points", 100L).append("counts", true).append("returnIds", List.of())))
                .append("openingBalances", List.of()).append("redemptions", List.of())
                .append("heldReturns", List.of(new Document("eventId", "e-9").append("returnId", "r-9").append("orderId", "o-9")
                        .append("amount", 5_000L).append("at", Date.from(AT.minusSeconds(86_400 * 30)))))
                .append("recentEventIds", List.of("e-1")).append("updatedAt", Date.from(AT))
                .append("outbox", List.of(new Document("eventId", "x-1").append("sequence", 1L).append("reason", "ORDER")
                        .append("occurredAt", Date.from(AT)).append("sourceEventId", "e-1").append("orderId", "o-1")
                        .append("type", "POINTS").append("delta", 100L).append("balanceAfter", 100L).append("tier", null)));

        StoredAccount stored = CustomerDocuments.toStored(old);

        assertThat(stored.account().orders().get("o-1").points()).isEqualTo(100);
        assertThat(stored.account().orders().get("o-1").rate().spend()).isEqualTo(10_000);
        assertThat(stored.outbox()).singleElement().satisfies(c -> assertThat(c.eventId()).isEqualTo("x-1"));
        assertThat(stored.redelivery()).as("its outbox stays the relay's to publish").isNull();
        assertThat(stored.account().heldReturns()).as("held at the latest when the document was last written, not on its own date")
                .singleElement().satisfies(h -> assertThat(h.heldAt()).isEqualTo(AT));
        assertThat(CustomerDocuments.toStored(CustomerDocuments.toDocument(stored.account(), stored.outbox())).account().orders())
                .isEqualTo(stored.account().orders());
    }
}
