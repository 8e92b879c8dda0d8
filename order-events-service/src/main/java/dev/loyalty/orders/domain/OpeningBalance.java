package dev.loyalty.orders.domain;

import dev.loyalty.support.value.Money;

import java.time.Instant;

/**
 * One customer's lifetime spend imported from another system. Per customer and {@code source} it is
 * set, not added, by the loyalty engine; {@code firstPurchaseAt} defaults to {@code asOf}.
 *
 * @param line       the line in the CSV file (header = 1) or the 1-based index in the JSON rows
 * @param importedBy the operator who imported it (recorded in the journal); not part of the content: the same file
 *                   sent again by someone else is the same import
 */
public record OpeningBalance(String importId, String source, Instant asOf, long line, String customerId,
                             Money lifetimeSpend, Instant firstPurchaseAt, String importedBy) {

    public String canonicalContent() {
        return String.join("|", "opening-balance", importId, source, String.valueOf(asOf.toEpochMilli()),
                String.valueOf(line), customerId, String.valueOf(lifetimeSpend.minorUnits()),
                lifetimeSpend.currency().getCurrencyCode(), String.valueOf(firstPurchaseAt.toEpochMilli()));
    }
}
