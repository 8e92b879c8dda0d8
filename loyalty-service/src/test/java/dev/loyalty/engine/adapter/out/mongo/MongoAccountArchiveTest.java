package dev.loyalty.engine.adapter.out.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.loyalty.engine.application.AccountArchive;
import dev.loyalty.engine.domain.EarnRate;
import dev.loyalty.engine.domain.OrderArchive;
import dev.loyalty.engine.domain.OrderRecord;
import dev.loyalty.engine.domain.RedemptionRecord;
import dev.loyalty.support.test.MongoStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the archive's exactly-once relies on in the store: a copy from an older account document never wins. */
class MongoAccountArchiveTest {

    private final MongoClient client = MongoClients.create(MongoStandIn.uri("archive-test"));
    private final MongoAccountArchive archive = new MongoAccountArchive(new MongoTemplate(client, "archive-test-" + UUID.randomUUID()));

    @AfterEach
    void close() {
        client.close();
    }

    private static OrderArchive.ArchivedOrder order(String id, long returned) {
        return new OrderArchive.ArchivedOrder(new OrderRecord(id, 1_000_000, returned, Instant.parse("2026-06-01T00:00:00Z"),
                YearMonth.of(2026, 6), new EarnRate(10_000, 1), (1_000_000 - returned) / 10_000, true,
                returned == 0 ? List.of() : List.of("r-1")), 3);
    }

    @Test
    void aCopyFromAnOlderDocumentLandingLastLeavesTheNewerOneAndTheSameCopyAgainChangesNothing() {
        archive.keep(List.of(new AccountArchive.Moved("c-1", 9, List.of(order("o.1", 400_000)), List.of())));
        archive.keep(List.of(new AccountArchive.Moved("c-1", 7, List.of(order("o.1", 0)), List.of()))); // a late, older copy
        archive.keep(List.of(new AccountArchive.Moved("c-1", 9, List.of(order("o.1", 400_000)), List.of())));

        OrderArchive.Found found = archive.find(Map.of("c-1", new AccountArchive.Asked(Set.of("o.1", "o-absent"), Set.of()))).get("c-1");

        assertThat(found.orders().get("o.1").order().returned()).isEqualTo(400_000);
        assertThat(found.orders().get("o.1").order().returnIds()).containsExactly("r-1");
        assertThat(found.orders().get("o.1").generation()).isEqualTo(3);
        assertThat(found.orders()).doesNotContainKey("o-absent");
        assertThat(found.askedOrders()).contains("o-absent");
    }

    @Test
    void aCustomersWholeArchiveIsItsOwnOnly() {
        RedemptionRecord redemption = new RedemptionRecord("red-1", 50, null, 10, 10, Instant.parse("2026-06-02T00:00:00Z"));
        archive.keep(List.of(new AccountArchive.Moved("c-1", 2, List.of(order("o-1", 0), order("o-2", 0)), List.of(redemption)),
                new AccountArchive.Moved("c-10", 2, List.of(order("o-3", 0)), List.of())));

        OrderArchive.Found all = archive.everything(List.of("c-1")).get("c-1");

        assertThat(all.everything()).isTrue();
        assertThat(all.orders()).containsOnlyKeys("o-1", "o-2");
        assertThat(all.redemptions()).containsOnlyKeys("red-1");
        assertThat(all.redemptions().get("red-1")).isEqualTo(redemption);
    }
}
