package dev.loyalty.schemas;

import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes any generated event with Avro single-object encoding: marker {@code C3 01}, the 8-byte
 * fingerprint of the writer schema, then the binary body. Readers find the writer schema by its
 * fingerprint in {@link PublishedSchemas}, so no schema registry server is needed.
 */
public class AvroEventSerializer implements Serializer<SpecificRecord> {

    private final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();

    @Override
    public byte[] serialize(String topic, SpecificRecord event) {
        if (event == null) {
            return null;
        }
        try {
            return encoders.computeIfAbsent(event.getClass(), AvroEventSerializer::encoderFor).encode(event).array();
        } catch (IOException e) {
            throw new SerializationException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    private static BinaryMessageEncoder<SpecificRecord> encoderFor(Class<?> type) {
        SpecificData model = SpecificData.getForClass(type);
        return new BinaryMessageEncoder<>(model, model.getSchema(type));
    }
}
