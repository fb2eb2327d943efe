package dev.descent.platform.security;

import dev.descent.platform.web.ApiProblem;
import java.util.OptionalLong;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Whether the caller may change a thing: its owner or an admin may, nobody else. Features ask it before every change
 * and stamp what they create with {@link #ownerForNew()}.
 */
@Component
public class Ownership {
    /** A worker with a lease token owns nothing and may change nothing beyond its run's metrics. */
    private static final Account WORKER = new Account(null, "worker", Role.WORKER);

    private final boolean enabled;

    Ownership(SecurityProperties properties) {
        this.enabled = properties.enabled();
    }

    /** Who is calling: the signed-in account, {@link Account#LOCAL} with security off, else {@link Account#SYSTEM}. */
    public Account current() {
        if (!enabled) return Account.LOCAL;
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Account a) return a;
        if (auth != null && auth.getPrincipal() instanceof LeaseHolder) return WORKER;
        return Account.SYSTEM;
    }

    /** The run whose lease token the caller presented, if it came with one. */
    public OptionalLong leaseRun() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof LeaseHolder h
                ? OptionalLong.of(h.runId())
                : OptionalLong.empty();
    }

    /** The owner to record on a thing the caller creates (null when there is no account behind the call). */
    public Long ownerForNew() {
        return current().id();
    }

    public boolean canChange(Long ownerId) {
        Account a = current();
        return a.isAdmin() || (a.id() != null && a.id().equals(ownerId));
    }

    /** Refuses with 403 unless the caller owns {@code what} {@code id} or is an admin. */
    public void requireCanChange(Long ownerId, String what, long id) {
        if (!canChange(ownerId)) {
            throw new ApiProblem(
                    HttpStatus.FORBIDDEN,
                    null,
                    what + " " + id + " belongs to another user; only its owner or an admin may change it");
        }
    }
}
