package dev.loyalty.orders.application;

import java.util.List;

/**
 * What an import answers: rows accepted (published now), rows that were duplicates of an earlier
 * request (published then), and the refused rows with their line and reason. Only the first
 * {@link ImportOpeningBalances#MAX_LISTED_REJECTIONS} refusals are listed; {@code rejectedCount} counts all.
 */
public record ImportReport(String importId, long accepted, long duplicates, List<ImportRow.Rejected> rejected,
                           long rejectedCount) {
}
