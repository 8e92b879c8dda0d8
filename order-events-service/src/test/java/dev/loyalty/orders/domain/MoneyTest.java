package dev.loyalty.orders.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    private static final Currency VND = Currency.getInstance("VND");
    private static final Currency USD = Currency.getInstance("USD");

    @Test
    void anAmountIsCheckedByValueNotBySpelling() {
        assertThat(Money.ofMajor(new BigDecimal("2800000.0"), VND)).isEqualTo(Money.ofMajor(new BigDecimal("2800000"), VND));
        assertThat(Money.ofMajor(new BigDecimal("19.90"), USD).minorUnits()).isEqualTo(1990);
        assertThat(Money.ofMajor(new BigDecimal("1E+3"), VND).minorUnits()).isEqualTo(1000);
    }

    @Test
    void moreDecimalsThanTheCurrencyHasAreRefused() {
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("1000.5"), VND)).hasMessageContaining("VND amounts have no decimals");
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("19.999"), USD)).hasMessageContaining("at most 2 decimals");
    }

    @Test
    void anOrderAmountMustBePositiveWhileAnImportedSpendMayBeZero() {
        assertThatThrownBy(() -> Money.ofMajor(BigDecimal.ZERO, VND)).hasMessageContaining("greater than 0");
        assertThat(Money.ofMajorOrZero(BigDecimal.ZERO, VND).minorUnits()).isZero();
        assertThatThrownBy(() -> Money.ofMajorOrZero(new BigDecimal("-1"), VND)).hasMessageContaining("negative");
    }

    @Test
    void anAmountBeyondWhatALongHoldsIsRefusedNotWrapped() {
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("1E+30"), VND)).hasMessageContaining("too large");
    }

    @Test
    void theSameOrderSpelledDifferentlyHasTheSameFingerprint() {
        Order a = new Order("o-1", "c-1", "s-1", Money.ofMajor(new BigDecimal("2800000.0"), VND),
                java.time.OffsetDateTime.parse("2026-11-24T10:15:00+07:00").toInstant(), SalesChannel.RETAIL);
        Order b = new Order("o-1", "c-1", "s-1", Money.ofMajor(new BigDecimal("2800000"), VND),
                java.time.Instant.parse("2026-11-24T03:15:00Z"), SalesChannel.RETAIL);
        Order other = new Order("o-1", "c-1", "s-1", Money.ofMajor(new BigDecimal("2800001"), VND), b.occurredAt(), SalesChannel.RETAIL);

        assertThat(ContentFingerprint.of(a.canonicalContent())).isEqualTo(ContentFingerprint.of(b.canonicalContent()))
                .isNotEqualTo(ContentFingerprint.of(other.canonicalContent())).hasSize(ContentFingerprint.WIDTH);
    }
}
