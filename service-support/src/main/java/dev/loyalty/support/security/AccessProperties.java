package dev.loyalty.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Who may call a service ({@code loyalty.security.*}), the same shape in every service. API keys are configured by
 * the SHA-256 of the key, never the key itself; two keys may be valid at once (rotation). JWTs are accepted when
 * Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*} names an issuer, a JWK set or a public key.
 *
 * @param apiKeys       the keys this service accepts
 * @param jwtRolesClaim where a token's roles are: a claim name, or a dotted path such as {@code realm_access.roles}
 *                      (Keycloak); values are role names (case ignored, an optional {@code ROLE_} prefix)
 * @param corsAllowedOrigins the web origins whose pages may call this service from a browser (the admin console's,
 *                      e.g. {@code https://loyalty.example.com}); empty: none. Never {@code *}: a page anywhere could then
 *                      use a key an operator typed into it.
 */
@ConfigurationProperties("loyalty.security")
public record AccessProperties(@DefaultValue List<ApiKey> apiKeys, @DefaultValue("roles") String jwtRolesClaim,
                               @DefaultValue List<String> corsAllowedOrigins) {

    /**
     * @param name      the key's actor: recorded with every admin write it makes, shown in logs (never the key)
     * @param sha256    the SHA-256 of the key, 64 hex characters
     * @param stores    the stores a POS key may write orders and returns for; empty: every store
     * @param expiresAt after it the key is refused (401); null: no expiry
     */
    public record ApiKey(String name, String sha256, Set<Role> roles, @DefaultValue Set<String> stores, Instant expiresAt) {

        public ApiKey {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("loyalty.security.api-keys[].name is required");
            }
            if (sha256 == null || sha256.length() != 64) {
                throw new IllegalArgumentException("loyalty.security.api-keys[] " + name + ": sha256 must be the 64 hex characters of the key's SHA-256");
            }
            HexFormat.of().parseHex(sha256); // throws on anything but hex
            sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
            roles = roles == null ? Set.of() : Set.copyOf(roles);
            stores = stores == null ? Set.of() : Set.copyOf(stores);
        }
    }

    public AccessProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
        for (String origin : corsAllowedOrigins) {
            if (origin.contains("*") || !origin.matches("https?://[^/\\s]+")) {
                throw new IllegalArgumentException("loyalty.security.cors-allowed-origins: " + origin
                        + " is not an origin (scheme://host[:port], no path, never *)");
            }
        }
    }
}
