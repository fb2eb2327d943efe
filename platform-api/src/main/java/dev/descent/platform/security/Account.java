package dev.descent.platform.security;

import java.io.Serializable;

/**
 * A signed-in account as the platform sees it: the principal of every authenticated request, whether it came with a
 * session cookie or a bearer token. {@code id} is null only for {@link #LOCAL} and {@link #SYSTEM}.
 */
public record Account(Long id, String username, Role role) implements Serializable {
    /** Everyone, when {@code descent.security.enabled=false}: an admin that owns nothing. */
    public static final Account LOCAL = new Account(null, "local", Role.ADMIN);

    /**
     * The platform itself, acting outside any request (a worker thread, a scheduled task): requests never run as it,
     * since the filter chain lets no unauthenticated request change anything.
     */
    public static final Account SYSTEM = new Account(null, "system", Role.ADMIN);

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
