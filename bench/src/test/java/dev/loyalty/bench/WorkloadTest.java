package dev.loyalty.bench;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The workload has the shape the benchmark issue sets, at the quick mode's size and seed. */
class WorkloadTest {

    private final LoyaltyModel model = new LoyaltyModel(Bench.TIERS);
    private final List<Workload.Generated> records = new java.util.ArrayList<>();

    WorkloadTest() {
        new Workload("c-", 20_000, 60_000, 0.5, 42, 3, model).generate(records::add);
    }

    @Test
    void everyCustomerIsAMemberWithAtLeastOneOrder() {
        Set<String> ordering = new HashSet<>();
        records.stream().filter(r -> r.kind() == Workload.Kind.ORDER).forEach(r -> ordering.add(r.customerId()));

        assertThat(ordering).hasSize(20_000);
        assertThat(model.customers()).hasSize(20_000);
    }

    @Test
    void aboutOneRecordInTenIsAReturnAndSomeTravelAheadOfTheirOrder() {
        long returns = records.stream().filter(r -> r.kind() == Workload.Kind.RETURN).count();
        long ahead = aheadOfTheirOrder();

        assertThat(returns / (double) records.size()).isBetween(0.095, 0.105);
        assertThat(ahead).isPositive();
    }

    @Test
    void oneToTwoPercentOfTheRecordsChangeATier() {
        assertThat(model.tierChanges() / (double) records.size()).isBetween(0.01, 0.02);
    }

    @Test
    void aboutOneRecordInTwoHundredIsAnExactDuplicateAndAFewArePoison() {
        long duplicates = records.size() - records.stream().filter(r -> r.eventId() != null).map(Workload.Generated::eventId)
                .distinct().count() - poison();

        assertThat(duplicates / (double) records.size()).isBetween(0.003, 0.007);
        assertThat(poison()).isEqualTo(3);
    }

    private long poison() {
        return records.stream().filter(r -> r.kind() == Workload.Kind.POISON).count();
    }

    private long aheadOfTheirOrder() {
        Set<String> placed = new HashSet<>();
        long ahead = 0;
        for (Workload.Generated r : records) {
            if (r.kind() == Workload.Kind.ORDER) {
                placed.add(r.orderId());
            } else if (r.kind() == Workload.Kind.RETURN && !placed.contains(r.orderId())) {
                ahead++;
            }
        }
        return ahead;
    }
}
