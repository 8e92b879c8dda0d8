package dev.loyalty.audit.adapter.in.web;

import dev.loyalty.audit.application.TallyProgram;
import dev.loyalty.audit.domain.ProgramTally;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Comparator;
import java.util.List;

/** {@code GET /api/v1/overview}: customers per tier and points outstanding, from the tallies kept as changes arrive. */
@RestController
class OverviewController {

    private final TallyProgram tallyProgram;

    OverviewController(TallyProgram tallyProgram) {
        this.tallyProgram = tallyProgram;
    }

    @GetMapping("/api/v1/overview")
    OverviewResponse overview() {
        ProgramTally tally = tallyProgram.overview();
        List<OverviewResponse.TierCount> tiers = tally.customersByTier().entrySet().stream()
                .map(e -> new OverviewResponse.TierCount(e.getKey().equals(ProgramTally.NO_TIER) ? null : e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(OverviewResponse.TierCount::tier, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        return new OverviewResponse(tiers, tally.customers(), tally.pointsOutstanding());
    }

    /**
     * @param tiers customers per tier code (null: customers holding none), by code
     */
    record OverviewResponse(List<TierCount> tiers, long customers, long pointsOutstanding) {

        record TierCount(String tier, long customers) {
        }
    }
}
