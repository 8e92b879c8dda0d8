package dev.loyalty.orders.domain;

import dev.loyalty.support.value.Money;
import org.junit.jupiter.api.Test;

import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;

class ContentFingerprintTest {

    private static final Currency VND = Currency.getInstance("VND");

    @Test
    void theSameOrderSpelledDifferentlyHasTheSameFingerprint() {
        Order a = new Order("o-1", "c-1", "s-1", new Money(2_800_000, VND),
                java.time.OffsetDateTime.parse("2026-11-24T10:15:00+07:00").toInstant(), SalesChannel.RETAIL);
        Order b = new Order("o-1", "c-1", "s-1", new Money(2_800_000, VND),
                java.time.Instant.parse("2026-11-24T03:15:00Z"), SalesChannel.RETAIL);
        Order other = new Order("o-1", "c-1", "s-1", new Money(2_800_001, VND), b.occurredAt(), SalesChannel.RETAIL);

        assertThat(ContentFingerprint.of(a.canonicalContent())).isEqualTo(ContentFingerprint.of(b.canonicalContent()))
                .isNotEqualTo(ContentFingerprint.of(other.canonicalContent())).hasSize(ContentFingerprint.WIDTH);
    }
}
