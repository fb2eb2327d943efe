package dev.descent.platform.security;

import dev.descent.platform.web.ApiProblem;
import java.util.List;

/** What an account may do: an admin everything, a member read and change its own things, a viewer only read. */
public enum Role {
    ADMIN,
    MEMBER,
    VIEWER,
    /** Not an account's role: a worker's lease token, good for its run's metrics only. */
    WORKER;

    /** Spring Security's authority for the role. */
    String authority() {
        return "ROLE_" + name();
    }

    /** An account's role by name (admin, member or viewer). */
    static Role parse(String text, String field) {
        for (Role r : List.of(ADMIN, MEMBER, VIEWER)) if (r.name().equalsIgnoreCase(text)) return r;
        throw ApiProblem.badRequest(field, "must be admin, member or viewer, got '" + text + "'");
    }
}
