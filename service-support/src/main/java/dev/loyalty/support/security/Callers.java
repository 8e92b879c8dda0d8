package dev.loyalty.support.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.EnumSet;
import java.util.Set;

/** The caller of the request being handled: its actor for the journal and jobs, its store scope. */
public final class Callers {

    private Callers() {
    }

    /** The authenticated caller; a service's own work (a sweep, a job) has none. */
    public static java.util.Optional<Caller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof ApiKeyAuthentication.Checked checked) {
            return java.util.Optional.of(checked.getPrincipal());
        }
        if (authentication instanceof JwtAuthenticationToken jwt && jwt.isAuthenticated()) {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            jwt.getAuthorities().forEach(a -> {
                for (Role role : Role.values()) {
                    if (role.authority().equals(a.getAuthority())) {
                        roles.add(role);
                    }
                }
            });
            return java.util.Optional.of(new Caller(jwt.getName(), roles, Set.of()));
        }
        return java.util.Optional.empty();
    }

    /** The actor of the current request, or null when there is none. */
    public static String actor() {
        return current().map(Caller::actor).orElse(null);
    }
}
