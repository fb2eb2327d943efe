package dev.descent.platform.security;

import dev.descent.platform.web.ApiProblem;
import java.util.Arrays;
import java.util.Locale;

/** What an account may do: an admin everything, a member read and change its own things, a viewer only read. */
public enum Role {
    ADMIN,
    MEMBER,
    VIEWER;

    /** Spring Security's authority for the role. */
    String authority() {
        return "ROLE_" + name();
    }

    static Role parse(String text, String field) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(
                    field, "must be one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT) + ", got '" + text + "'");
        }
    }
}
