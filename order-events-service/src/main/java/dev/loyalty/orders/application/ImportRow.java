package dev.loyalty.orders.application;

import dev.loyalty.orders.domain.OpeningBalance;

/** One row of an opening-balance import: either a valid balance or the reason it was refused. */
public sealed interface ImportRow {

    long line();

    record Valid(OpeningBalance balance) implements ImportRow {
        @Override
        public long line() {
            return balance.line();
        }
    }

    record Rejected(long line, String customerId, String reason) implements ImportRow {
    }
}
