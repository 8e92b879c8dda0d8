package dev.loyalty.support.test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The contract's role table, asked of a running service: each endpoint with each credential answers 401, 403 or
 * gets past access control (any other status: the request reached its handler, which may well refuse its body).
 * Tokens are signed by keys made here (Nimbus, which comes with Spring Security): no identity provider is needed.
 */
public final class AccessMatrix {

    /** What a credential must get from an endpoint. */
    public enum Expect { UNAUTHENTICATED, FORBIDDEN, ALLOWED }

    /** A way of calling: no credential, an API key, or a bearer token. */
    public record Credential(String name, String header, String value) {

        public static final Credential NONE = new Credential("no credential", null, null);

        public static Credential bearer(String name, String token) {
            return new Credential(name, "Authorization", "Bearer " + token);
        }

        public static Credential apiKey(String name, String key) {
            return new Credential(name, "X-API-Key", key);
        }
    }

    /** A request to check. */
    public record Call(HttpMethod method, String path, String jsonBody) {

        public static Call get(String path) {
            return new Call(HttpMethod.GET, path, null);
        }

        public static Call write(HttpMethod method, String path, String jsonBody) {
            return new Call(method, path, jsonBody);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final MockMvc http;
    private final List<String> failures = new ArrayList<>();

    public AccessMatrix(WebApplicationContext context) {
        this.http = MockMvcBuilders.webAppContextSetup(context)
                .addFilters(context.getBean("springSecurityFilterChain", jakarta.servlet.Filter.class)).build();
    }

    public AccessMatrix expect(Call call, Credential credential, Expect expected) throws Exception {
        MockHttpServletRequestBuilder request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .request(call.method(), call.path());
        if (call.jsonBody() != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(call.jsonBody());
        }
        if (credential.header() != null) {
            request.header(credential.header(), credential.value());
        }
        MockHttpServletResponse response = http.perform(request).andReturn().getResponse();
        int status = response.getStatus();
        Expect got = status == 401 ? Expect.UNAUTHENTICATED : status == 403 ? Expect.FORBIDDEN : Expect.ALLOWED;
        if (got != expected) {
            failures.add(call + " with " + credential.name() + ": expected " + expected + ", got " + status + " " + response.getContentAsString());
        } else if (got != Expect.ALLOWED) {
            String type = response.getContentType();
            String body = response.getContentAsString();
            String code = got == Expect.UNAUTHENTICATED ? "unauthenticated" : "forbidden";
            if (type == null || !type.startsWith("application/problem+json") || !body.contains("/problems/" + code)) {
                failures.add(call + " with " + credential.name() + ": " + status + " is not a problem+json " + code + ": " + type + " " + body);
            }
            if (got == Expect.UNAUTHENTICATED && response.getHeader("WWW-Authenticate") == null) {
                failures.add(call + " with " + credential.name() + ": 401 without WWW-Authenticate");
            }
        }
        return this;
    }

    /** Every mismatch found, one line each (empty when the table holds). */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** An RSA key pair whose public half a service trusts for tokens, and tokens it signs. */
    public static final class TokenIssuer {

        private final KeyPair keys;

        public TokenIssuer() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                this.keys = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The public key as a PEM file, for {@code spring.security.oauth2.resourceserver.jwt.public-key-location}. */
        public Path publicKeyPem() {
            try {
                Path pem = Files.createTempFile("jwt-public", ".pem");
                Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
                return pem;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A token for {@code subject} with these values in the {@code roles} claim, valid for an hour. */
        public String token(String subject, List<String> roles) {
            try {
                Date now = new Date();
                JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issueTime(now)
                        .expirationTime(new Date(now.getTime() + 3_600_000)).claim("roles", roles)
                        .claim("realm_access", Map.of("roles", roles)).build();
                SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
                jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
                return jwt.serialize();
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
