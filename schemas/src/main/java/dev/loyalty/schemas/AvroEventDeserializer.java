package dev.loyalty.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads single-object encoded events written with any published version of any event schema and
 * returns them as the current generated class (fields added since take their defaults).
 * Anything else (wrong marker, unknown fingerprint, truncated body) is a {@link SerializationException},
 * which the services' error handling sends to the dead-letter topic.
 */
public class AvroEventDeserializer implements Deserializer<SpecificRecord> {

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    private static final int HEADER_LENGTH = 10;

    private final Map<Long, BinaryMessageDecoder<SpecificRecord>> decodersByFingerprint = new HashMap<>();

    public AvroEventDeserializer() {
        for (Class<? extends SpecificRecord> type : PublishedSchemas.EVENT_TYPES) {
            SpecificData model = SpecificData.getForClass(type);
            BinaryMessageDecoder<SpecificRecord> decoder =
                    new BinaryMessageDecoder<>(model, PublishedSchemas.current(type));
            for (Schema version : PublishedSchemas.versions(type)) {
                decoder.addSchema(version);
                decodersByFingerprint.put(SchemaNormalization.parsingFingerprint64(version), decoder);
            }
            Schema current = PublishedSchemas.current(type);
            decodersByFingerprint.put(SchemaNormalization.parsingFingerprint64(current), decoder);
        }
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < HEADER_LENGTH || data[0] != MARKER_0 || data[1] != MARKER_1) {
            throw new SerializationException("not an Avro single-object encoded event (missing C3 01 marker)");
        }
        long fingerprint = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        BinaryMessageDecoder<SpecificRecord> decoder = decodersByFingerprint.get(fingerprint);
        if (decoder == null) {
            throw new SerializationException("unknown event schema, fingerprint " + Long.toHexString(fingerprint));
        }
        try {
            return decoder.decode(data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode event: " + e.getMessage(), e);
        }
    }
}
