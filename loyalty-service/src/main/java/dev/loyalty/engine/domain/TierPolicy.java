package dev.loyalty.engine.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The tiers in force and the rules that read them: which tier a qualifying value earns, which of
 * two tiers ranks higher, the earn rate and locked minimum of the tier a customer holds.
 * Built only from tiers whose active ranges do not overlap.
 */
public final class TierPolicy {

    public static final TierPolicy NONE = new TierPolicy(List.of());

    /** Every tier (active or not), lowest {@code minSpend} first. */
    private final List<Tier> tiers;

    private TierPolicy(List<Tier> tiers) {
        this.tiers = tiers.stream().sorted(Comparator.comparingLong(Tier::minSpend).thenComparing(Tier::code)).toList();
    }

    /** @throws TierOverlapException if two active tiers' ranges overlap */
    public static TierPolicy of(List<Tier> tiers) {
        TierPolicy policy = new TierPolicy(tiers);
        List<Tier> active = policy.active();
        for (int i = 1; i < active.size(); i++) {
            Tier lower = active.get(i - 1);
            Tier upper = active.get(i);
            if (lower.minSpend() == upper.minSpend() || (lower.maxSpend() != null && lower.maxSpend() >= upper.minSpend())) {
                throw new TierOverlapException("Active tiers " + lower.code() + " and " + upper.code() + " overlap.");
            }
        }
        return policy;
    }

    public List<Tier> tiers() {
        return tiers;
    }

    /** The policy with {@code tier} added or replaced (validated again). */
    public TierPolicy with(Tier tier) {
        List<Tier> next = new ArrayList<>(tiers.stream().filter(t -> !t.code().equals(tier.code())).toList());
        next.add(tier);
        return of(next);
    }

    public TierPolicy without(String code) {
        return of(tiers.stream().filter(t -> !t.code().equals(code)).toList());
    }

    public Optional<Tier> find(String code) {
        return code == null ? Optional.empty() : tiers.stream().filter(t -> t.code().equals(code)).findFirst();
    }

    /**
     * The active tier with the highest {@code minSpend} at or below the value; a value in a gap between
     * ranges keeps the lower tier; none below every tier.
     */
    public Optional<Tier> tierFor(long qualifyingValue) {
        Tier earned = null;
        for (Tier tier : active()) {
            if (tier.minSpend() <= qualifyingValue) {
                earned = tier;
            }
        }
        return Optional.ofNullable(earned);
    }

    /** The rate the holder of {@code tierCode} earns at; the program's default without a (known) tier. */
    public EarnRate earnRateOf(String tierCode, LoyaltyProgram program) {
        return find(tierCode).map(Tier::earnRate).orElse(program.defaultEarnRate());
    }

    /** What a balance may redeem under {@code tierCode}: {@code max(0, balance − the tier's minPointBalance)}. */
    public long redeemable(String tierCode, long balance) {
        return Math.max(0, balance - find(tierCode).map(Tier::minPointBalance).orElse(0L));
    }

    /** True if {@code to} ranks above {@code from} (none ranks below every tier). */
    public boolean isPromotion(String from, String to) {
        return rank(to) > rank(from);
    }

    private long rank(String code) {
        return find(code).map(Tier::minSpend).orElse(-1L);
    }

    private List<Tier> active() {
        return tiers.stream().filter(Tier::active).toList();
    }

    /** Two active tiers' spend ranges overlap. */
    public static final class TierOverlapException extends RuntimeException {
        public TierOverlapException(String message) {
            super(message);
        }
    }
}
