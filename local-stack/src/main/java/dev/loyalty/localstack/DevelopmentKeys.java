package dev.loyalty.localstack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The API keys the local stack runs with (contract "Local stack defaults"): {@code dev-admin-key} (ADMIN, actor
 * {@code dev-admin}), {@code dev-pos-key} (POS, {@code dev-pos}), {@code dev-metrics-key} (METRICS,
 * {@code dev-metrics}). Each can be replaced by environment: {@code LOYALTY_ADMIN_KEY}, {@code LOYALTY_POS_KEY},
 * {@code LOYALTY_METRICS_KEY}. The services are given only the keys' SHA-256, as in production.
 */
public final class DevelopmentKeys {

    public static final String ADMIN = "dev-admin-key";
    public static final String POS = "dev-pos-key";
    public static final String METRICS = "dev-metrics-key";

    private record Key(String actor, String environment, String developmentKey, String role) {
    }

    private static final List<Key> KEYS = List.of(
            new Key("dev-admin", "LOYALTY_ADMIN_KEY", ADMIN, "ADMIN"),
            new Key("dev-pos", "LOYALTY_POS_KEY", POS, "POS"),
            new Key("dev-metrics", "LOYALTY_METRICS_KEY", METRICS, "METRICS"));

    private DevelopmentKeys() {
    }

    /** The services' arguments configuring the keys (their digests). */
    public static List<String> serviceArguments() {
        return serviceArguments(System.getenv());
    }

    static List<String> serviceArguments(Map<String, String> environment) {
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < KEYS.size(); i++) {
            Key key = KEYS.get(i);
            String value = environment.getOrDefault(key.environment(), key.developmentKey());
            arguments.add("--loyalty.security.api-keys[" + i + "].name=" + key.actor());
            arguments.add("--loyalty.security.api-keys[" + i + "].sha256=" + sha256Hex(value));
            arguments.add("--loyalty.security.api-keys[" + i + "].roles[0]=" + key.role());
        }
        return arguments;
    }

    /** What the ready line says about the keys in force (the development keys are public; others are never shown). */
    public static String inForce() {
        List<String> shown = new ArrayList<>();
        for (Key key : KEYS) {
            shown.add(System.getenv(key.environment()) == null
                    ? key.developmentKey() + " (" + key.role() + ")" : key.role() + " key from " + key.environment());
        }
        boolean development = KEYS.stream().anyMatch(k -> System.getenv(k.environment()) == null);
        return (development ? "DEVELOPMENT KEYS in force: " : "keys: ") + String.join(", ", shown);
    }

    static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
