package dev.loyalty.engine.domain;

import java.time.Instant;

/** Lifetime spend imported from one source, as of {@code asOf}. */
public record OpeningBalance(String source, long spend, Instant asOf, Instant firstPurchaseAt) {
}
