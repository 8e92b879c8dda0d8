package dev.loyalty.support.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An OIDC access token's roles, from the configured claim ({@code roles}, or a path such as
 * {@code realm_access.roles}); names unknown to the platform are ignored. The actor is the token's subject.
 */
final class JwtRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    private final String[] path;

    JwtRoles(String claim) {
        this.path = claim.split("\\.");
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Set<Role> roles = rolesOf(jwt);
        List<GrantedAuthority> authorities = roles.stream().<GrantedAuthority>map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    Set<Role> rolesOf(Jwt jwt) {
        Object value = jwt.getClaims();
        for (String step : path) {
            value = value instanceof Map<?, ?> map ? map.get(step) : null;
        }
        Collection<?> names = value instanceof Collection<?> list ? list : value instanceof String text ? List.of(text.split("[ ,]+")) : List.of();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object name : new ArrayList<>(names)) {
            String role = String.valueOf(name).toUpperCase(Locale.ROOT).replaceFirst("^ROLE_", "");
            for (Role known : Role.values()) {
                if (known.name().equals(role)) {
                    roles.add(known);
                }
            }
        }
        return roles;
    }
}
