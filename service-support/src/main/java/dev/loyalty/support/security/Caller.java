package dev.loyalty.support.security;

import java.util.Set;

/**
 * Who is calling: the actor recorded with the writes it makes (an API key's name, a token's subject), its roles, and
 * the stores it may write for (empty: every store).
 */
public record Caller(String actor, Set<Role> roles, Set<String> stores) {

    public Caller {
        roles = Set.copyOf(roles);
        stores = Set.copyOf(stores);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Whether the caller may write orders and returns for {@code storeId}. */
    public boolean mayWriteFor(String storeId) {
        return stores.isEmpty() || stores.contains(storeId);
    }

    public boolean scopedToStores() {
        return !stores.isEmpty();
    }
}
