package dev.loyalty.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate on schema changes. Consumers may still meet messages written with any published
 * version (old POS integrations, replays of old topic data), so:
 * the current schema must be kept as the newest published version, it must read every older one, and every older one
 * must read it.
 */
class SchemaEvolutionTest {

    @TestFactory
    Stream<DynamicTest> currentSchemaIsKeptAsTheNewestPublishedVersion() {
        return PublishedSchemas.EVENT_TYPES.stream().map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
            List<Schema> versions = PublishedSchemas.versions(type);
            assertThat(versions).as("published versions of %s", type.getSimpleName()).isNotEmpty();
            Schema current = PublishedSchemas.current(type);
            Schema newest = versions.get(versions.size() - 1);
            assertThat(SchemaNormalization.toParsingForm(current))
                    .as("%s.avsc changed: keep the new schema as %s (and leave the older versions as they are)",
                            type.getSimpleName(), PublishedSchemas.resourceOf(type, versions.size() + 1))
                    .isEqualTo(SchemaNormalization.toParsingForm(newest));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyPublishedVersionCanBeReadByItsSuccessors() {
        return PublishedSchemas.EVENT_TYPES.stream().flatMap(type -> {
            List<Schema> versions = PublishedSchemas.versions(type);
            return versions.stream().flatMap(writer -> versions.subList(versions.indexOf(writer), versions.size()).stream()
                    .map(reader -> DynamicTest.dynamicTest(
                            type.getSimpleName() + " v" + (versions.indexOf(writer) + 1) + " read as v" + (versions.indexOf(reader) + 1),
                            () -> assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
                                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE))));
        });
    }

    /**
     * And the other way: a reader still on an older version (a consumer not yet upgraded, a replica rolled back) reads
     * what a newer producer writes. New fields carry defaults; enums gain no symbols (a new reason travels in the
     * change events' {@code cause} beside the v1 {@code reason}).
     */
    @TestFactory
    Stream<DynamicTest> everyPublishedVersionCanBeReadByItsPredecessors() {
        return PublishedSchemas.EVENT_TYPES.stream().flatMap(type -> {
            List<Schema> versions = PublishedSchemas.versions(type);
            return versions.stream().flatMap(writer -> versions.subList(0, versions.indexOf(writer)).stream()
                    .map(reader -> DynamicTest.dynamicTest(
                            type.getSimpleName() + " v" + (versions.indexOf(writer) + 1) + " read by a v" + (versions.indexOf(reader) + 1) + " reader",
                            () -> assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
                                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE))));
        });
    }

    @TestFactory
    Stream<DynamicTest> aMessageWrittenWithEachOldVersionDecodesAsTheCurrentClass() {
        AvroEventDeserializer deserializer = new AvroEventDeserializer();
        return PublishedSchemas.EVENT_TYPES.stream().flatMap(type -> PublishedSchemas.versions(type).stream()
                .map(version -> DynamicTest.dynamicTest(type.getSimpleName() + " " + version.getFullName(), () -> {
                    GenericRecord written = SampleRecords.sampleOf(version);
                    ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), version).encode(written);

                    SpecificRecord read = deserializer.deserialize("any", bytes.array());

                    assertThat(read).isInstanceOf(type);
                    for (Schema.Field field : version.getFields()) {
                        Object expected = written.get(field.name());
                        Object actual = read.get(read.getSchema().getField(field.name()).pos());
                        assertThat(plain(actual)).as(field.name()).isEqualTo(String.valueOf(expected));
                    }
                })));
    }

    /** The value as the generic writer holds it: logical timestamps as epoch millis, enums by symbol. */
    private static String plain(Object value) {
        return value instanceof java.time.Instant instant ? String.valueOf(instant.toEpochMilli()) : String.valueOf(value);
    }
}
