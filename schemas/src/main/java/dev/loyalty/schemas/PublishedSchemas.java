package dev.loyalty.schemas;

import dev.loyalty.schemas.events.OpeningBalanceImported;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.schemas.events.PointsChanged;
import dev.loyalty.schemas.events.RecalculationRequested;
import dev.loyalty.schemas.events.TierChanged;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every event type the platform publishes, with every version of its schema ever published.
 * Versions ship in this jar as {@code history/<Event>/v<N>.avsc}; the current generated class is
 * always the newest of them (a test fails the build otherwise), so a reader built from this
 * catalogue decodes any message an older producer may still send.
 */
public final class PublishedSchemas {

    /** The current event classes, one per schema. */
    public static final List<Class<? extends SpecificRecord>> EVENT_TYPES = List.of(
            OrderPlaced.class, OrderReturned.class, OpeningBalanceImported.class,
            PointsChanged.class, TierChanged.class, RecalculationRequested.class);

    private PublishedSchemas() {
    }

    /** The schema the current code writes and reads. */
    public static Schema current(Class<? extends SpecificRecord> type) {
        try {
            return (Schema) type.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " is not a generated Avro class", e);
        }
    }

    /** Every published version of the type's schema, oldest first (v1, v2, ...). */
    public static List<Schema> versions(Class<? extends SpecificRecord> type) {
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; ; v++) {
            String resource = resourceOf(type, v);
            try (InputStream in = PublishedSchemas.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }

    static String resourceOf(Class<? extends SpecificRecord> type, int version) {
        return "/dev/loyalty/schemas/history/" + type.getSimpleName() + "/v" + version + ".avsc";
    }
}
