package dev.loyalty.schemas;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Builds a record of any schema with a distinct, non-default value in every field. */
final class SampleRecords {

    private SampleRecords() {
    }

    static GenericRecord sampleOf(Schema schema) {
        GenericRecord record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.name(), valueOf(field.schema(), field.name(), field.pos()));
        }
        return record;
    }

    private static Object valueOf(Schema schema, String name, int position) {
        return switch (schema.getType()) {
            case STRING -> name + "-" + position;
            case LONG -> 1_700_000_000_000L + position;
            case INT -> position;
            case BOOLEAN -> true;
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(schema.getEnumSymbols().size() - 1));
            case UNION -> valueOf(schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow(), name, position);
            case RECORD -> sampleOf(schema);
            default -> throw new IllegalArgumentException("add a sample for " + schema.getType());
        };
    }
}
