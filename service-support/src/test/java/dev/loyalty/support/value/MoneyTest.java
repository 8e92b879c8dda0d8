package dev.loyalty.support.value;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class MoneyTest {

    private static final Currency VND = Currency.getInstance("VND");
    private static final Currency USD = Currency.getInstance("USD");
    private static final long MAX = 1_000_000_000_000L;

    @Test
    void anAmountIsCheckedByValueNotBySpelling() {
        assertThat(Money.ofMajor(new BigDecimal("2800000.0"), VND, MAX)).isEqualTo(Money.ofMajor(new BigDecimal("2800000"), VND, MAX));
        assertThat(Money.ofMajor(new BigDecimal("19.90"), USD, MAX).minorUnits()).isEqualTo(1990);
        assertThat(Money.ofMajor(new BigDecimal("1E+3"), VND, MAX).minorUnits()).isEqualTo(1000);
    }

    @Test
    void moreDecimalsThanTheCurrencyHasAreRefused() {
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("1000.5"), VND, MAX)).hasMessageContaining("VND amounts have no decimals");
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("19.999"), USD, MAX)).hasMessageContaining("at most 2 decimals");
    }

    @Test
    void anOrderAmountMustBePositiveWhileAnImportedSpendMayBeZero() {
        assertThatThrownBy(() -> Money.ofMajor(BigDecimal.ZERO, VND, MAX)).hasMessageContaining("greater than 0");
        assertThat(Money.ofMajorOrZero(BigDecimal.ZERO, VND, MAX).minorUnits()).isZero();
        assertThatThrownBy(() -> Money.ofMajorOrZero(new BigDecimal("-1"), VND, MAX)).hasMessageContaining("negative");
    }

    @Test
    void anAmountAboveTheMaximumIsRefusedNeverWrapped() {
        assertThat(Money.ofMajor(new BigDecimal("1000000000000"), VND, MAX).minorUnits()).isEqualTo(MAX);
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("1000000000001"), VND, MAX)).hasMessageContaining("at most 1000000000000");
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("9223372036854775807"), VND, MAX)).hasMessageContaining("at most");
        assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("10000000000.01"), USD, MAX)).hasMessageContaining("at most 10000000000.00");
    }

    @Test
    void aHugeExponentIsRefusedInMicrosecondsBeforeAnyScaling() {
        assertTimeoutPreemptively(java.time.Duration.ofMillis(100), () -> {
            assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("1e1000000"), USD, MAX)).hasMessage(NumberBounds.RULE);
            assertThatThrownBy(() -> Money.ofMajor(new BigDecimal("1e-1000000"), USD, MAX)).hasMessage(NumberBounds.RULE);
            assertThatThrownBy(() -> Money.ofMajorOrZero(new BigDecimal("-1e999999999"), VND, MAX)).hasMessage(NumberBounds.RULE);
        });
    }

    @Test
    void numbersAreJudgedByTheirValueTrailingZerosDoNotCount() {
        assertThat(NumberBounds.within(new BigDecimal("1" + "0".repeat(30)))).isTrue(); // 1E+30: one digit, magnitude 30
        assertThat(NumberBounds.within(new BigDecimal("1" + "0".repeat(31)))).isFalse(); // magnitude 31
        assertThat(NumberBounds.within(new BigDecimal("1.000000000000000000000000000000000000"))).isTrue();
        assertThat(NumberBounds.within(new BigDecimal("1".repeat(30)))).isTrue();
        assertThat(NumberBounds.within(new BigDecimal("0." + "1".repeat(31)))).isFalse(); // 31 significant digits
        assertThat(NumberBounds.within(new BigDecimal("1e-30"))).isTrue();
        assertThat(NumberBounds.within(new BigDecimal("1e-31"))).isFalse();
        assertThat(NumberBounds.within(new BigDecimal("0E+1000000"))).isTrue();
    }

    @Test
    void minorUnitsShowInMajorUnitsWithTheCurrencysDecimals() {
        assertThat(Money.toMajor(1999, USD)).isEqualByComparingTo("19.99");
        assertThat(Money.toMajor(2_800_000, VND).toPlainString()).isEqualTo("2800000");
    }
}
