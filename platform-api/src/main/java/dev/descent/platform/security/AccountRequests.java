package dev.descent.platform.security;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The JSON bodies of the session, users and tokens endpoints as the OpenAPI document shows them. The controllers read
 * each body field by field (every refusal names its field) and accept exactly the fields declared here.
 */
final class AccountRequests {
    private AccountRequests() {}

    /** {@code POST /api/session}. */
    @Schema(
            name = "SignInRequest",
            description = "Signs in with a username and password, or with an API token; starts a browser session.")
    record SignIn(
            @Schema(description = "With password.", example = "admin")
            String username,

            @Schema(description = "With username.", format = "password")
            String password,

            @Schema(description = "An API token (dsc_...), instead of username and password.", format = "password")
            String token) {}

    /** {@code PUT /api/session/password}. */
    @Schema(
            name = "PasswordChangeRequest",
            description = "Changes the caller's password; an account without a password yet gives newPassword alone.",
            requiredProperties = {"newPassword"})
    record PasswordChange(
            @Schema(description = "The password now.", format = "password")
            String currentPassword,

            @Schema(format = "password", minLength = Accounts.MIN_PASSWORD, maxLength = Accounts.MAX_PASSWORD)
            String newPassword) {}

    /** {@code POST /api/users} (admins only). */
    @Schema(
            name = "NewUserRequest",
            requiredProperties = {"username", "password"})
    record NewUser(
            @Schema(
                    description = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.",
                    pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
                    example = "ada")
            String username,

            @Schema(format = "password", minLength = Accounts.MIN_PASSWORD, maxLength = Accounts.MAX_PASSWORD)
            String password,

            @Schema(
                    description = "admin: everything; member: own experiments, models, datasets and runs;"
                            + " viewer: reads only.",
                    allowableValues = {"admin", "member", "viewer"},
                    defaultValue = "member")
            String role) {}

    /** {@code PUT /api/users/{id}/role} (admins only). */
    @Schema(
            name = "RoleChangeRequest",
            requiredProperties = {"role"})
    record RoleChange(
            @Schema(allowableValues = {"admin", "member", "viewer"})
            String role) {}

    /** {@code POST /api/tokens}. */
    @Schema(
            name = "NewTokenRequest",
            description = "A personal API token for scripts (Authorization: Bearer ...); its secret is answered once.",
            requiredProperties = {"name"})
    record NewToken(
            @Schema(maxLength = Accounts.MAX_TOKEN_NAME, example = "laptop")
            String name,

            @Schema(
                    description = "Days until it expires; none: until revoked.",
                    minimum = "1",
                    maximum = "3650",
                    nullable = true)
            Integer expiresInDays) {}
}
