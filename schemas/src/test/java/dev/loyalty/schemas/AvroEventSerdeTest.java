package dev.loyalty.schemas;

import dev.loyalty.schemas.events.ChangeReason;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.PointsChanged;
import dev.loyalty.schemas.events.SalesChannel;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroEventSerdeTest {

    private final AvroEventSerializer serializer = new AvroEventSerializer();
    private final AvroEventDeserializer deserializer = new AvroEventDeserializer();

    @Test
    void anOrderSurvivesTheRoundTripWithEventTimeToTheMillisecond() {
        OrderPlaced order = OrderPlaced.newBuilder()
                .setEventId("e-1").setOccurredAt(Instant.parse("2026-11-24T03:15:00.123Z"))
                .setCustomerId("c-1").setOrderId("o-1").setStoreId("s-1")
                .setAmount(2_800_000).setCurrency("VND").setChannel(SalesChannel.WHOLESALE)
                .setReceivedAt(Instant.parse("2026-11-24T03:15:01Z")).build();

        SpecificRecord read = deserializer.deserialize(Topics.POS_ORDER_EVENTS.name(),
                serializer.serialize(Topics.POS_ORDER_EVENTS.name(), order));

        assertThat(read).isEqualTo(order);
    }

    @Test
    void eachEventTypeComesBackAsItsOwnClass() {
        PointsChanged change = PointsChanged.newBuilder()
                .setEventId("e-2").setOccurredAt(Instant.EPOCH).setCustomerId("c-1").setSequence(7)
                .setReason(ChangeReason.REDEMPTION).setPointsDelta(-50).setPointsBalance(100)
                .setSourceEventId("r-1").build();

        assertThat(deserializer.deserialize("t", serializer.serialize("t", change))).isEqualTo(change);
    }

    @Test
    void bytesThatAreNotAnEventAreRejectedWithTheReason() {
        assertThatThrownBy(() -> deserializer.deserialize("t", "{\"orderId\":1}".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("marker");
    }

    @Test
    void anUnknownSchemaIsRejectedWithItsFingerprint() {
        byte[] bytes = new byte[]{(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
        assertThatThrownBy(() -> deserializer.deserialize("t", bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown event schema");
    }

    @Test
    void aTruncatedEventIsRejected() {
        byte[] whole = serializer.serialize("t", PointsChanged.newBuilder()
                .setEventId("e-3").setOccurredAt(Instant.EPOCH).setCustomerId("c-1").setSequence(1)
                .setReason(ChangeReason.ORDER).setPointsDelta(5).setPointsBalance(5).setSourceEventId("x").build());
        byte[] truncated = java.util.Arrays.copyOf(whole, 14);

        assertThatThrownBy(() -> deserializer.deserialize("t", truncated)).isInstanceOf(SerializationException.class);
    }

    @Test
    void theTopicRegistryKnowsWhichEventsEachTopicCarries() {
        assertThat(Topics.POS_ORDER_EVENTS.carries(OrderPlaced.newBuilder().setEventId("e").setOccurredAt(Instant.EPOCH)
                .setOrderId("o").setStoreId("s").setAmount(1).setCurrency("VND").setReceivedAt(Instant.EPOCH).build())).isTrue();
        assertThat(Topics.ACCOUNT_CHANGES.carries("not an event")).isFalse();
        assertThat(Topics.ACCOUNT_CHANGES.named("x.changes").deadLetterName()).isEqualTo("x.changes-dlt");
    }
}
