package dev.loyalty.orders.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The first 64 bits of the SHA-256 of a write's canonical content, as {@value #WIDTH} hex characters:
 * what idempotency records keep instead of the content (compact enough for a million import rows).
 */
public final class ContentFingerprint {

    public static final int WIDTH = 16;

    private ContentFingerprint() {
    }

    public static String of(String canonicalContent) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalContent.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, WIDTH / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
