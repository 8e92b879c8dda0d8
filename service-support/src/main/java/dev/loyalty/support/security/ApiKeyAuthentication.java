package dev.loyalty.support.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.AuthenticationConverter;
import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * API keys with Spring Security's own pieces: a converter that finds the key in the request
 * ({@code X-API-Key: <key>}, or {@code Authorization: Bearer <key>} when the token is not a JWT), and a provider that
 * checks it against the configured SHA-256 digests in constant time and gives the caller its roles.
 */
public final class ApiKeyAuthentication {

    private ApiKeyAuthentication() {
    }

    /** A presented key, before it is checked. Its value is never logged ({@code toString} leaves it out). */
    static final class Presented extends AbstractAuthenticationToken {

        private final transient String key;

        Presented(String key) {
            super(List.of());
            this.key = key;
        }

        @Override
        public Object getCredentials() {
            return key;
        }

        @Override
        public Object getPrincipal() {
            return "api-key";
        }

        @Override
        public String toString() {
            return "Presented[api key]";
        }
    }

    /** A checked key: the caller it belongs to. */
    public static final class Checked extends AbstractAuthenticationToken {

        private final Caller caller;

        Checked(Caller caller) {
            super(caller.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList());
            this.caller = caller;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Caller getPrincipal() {
            return caller;
        }

        @Override
        public String getName() {
            return caller.actor();
        }
    }

    /** Where a request carries a key; a JWT-shaped bearer token (three dot-separated parts) is the JWT support's. */
    static AuthenticationConverter converter(boolean jwtsAccepted) {
        return request -> {
            String key = keyOf(request, jwtsAccepted);
            return key == null ? null : new Presented(key);
        };
    }

    static String keyOf(HttpServletRequest request, boolean jwtsAccepted) {
        String header = request.getHeader("X-API-Key");
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            return jwtsAccepted && looksLikeJwt(token) ? null : token;
        }
        return null;
    }

    static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    /** Checks presented keys against the configured digests. */
    static final class Provider implements AuthenticationProvider {

        private final List<AccessProperties.ApiKey> keys;
        private final List<byte[]> digests;
        private final Clock clock;

        Provider(AccessProperties properties, Clock clock) {
            this.keys = properties.apiKeys();
            this.digests = keys.stream().map(k -> HexFormat.of().parseHex(k.sha256())).toList();
            this.clock = clock;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            byte[] presented = sha256((String) authentication.getCredentials());
            AccessProperties.ApiKey match = null;
            for (int i = 0; i < keys.size(); i++) {
                // every digest compared, each in constant time: how long it takes says nothing about any key
                if (MessageDigest.isEqual(digests.get(i), presented) && match == null) {
                    match = keys.get(i);
                }
            }
            if (match == null) {
                throw new BadCredentialsException("unknown API key");
            }
            if (match.expiresAt() != null && !clock.instant().isBefore(match.expiresAt())) {
                throw new CredentialsExpiredException("API key " + match.name() + " expired at " + match.expiresAt());
            }
            return new Checked(new Caller(match.name(), match.roles(), match.stores()));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return Presented.class.isAssignableFrom(authentication);
        }
    }

    /** The SHA-256 of a key, as configured ({@code loyalty.security.api-keys[].sha256} is its hex). */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }
}
