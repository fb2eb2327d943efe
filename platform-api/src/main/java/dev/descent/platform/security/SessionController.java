package dev.descent.platform.security;

import dev.descent.platform.web.ApiProblem;
import dev.descent.platform.web.JsonFields;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The web UI's sign-in: {@code POST /api/session} with {@code {username, password}} or {@code {token}} (the first
 * admin's link carries one) starts a session; {@code GET} says who is signed in; {@code DELETE} signs out.
 */
@RestController
@RequestMapping("/api/session")
class SessionController {
    private final Accounts accounts;
    private final Sessions sessions;
    private final Ownership ownership;
    private final SecurityProperties properties;

    SessionController(Accounts accounts, Sessions sessions, Ownership ownership, SecurityProperties properties) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.ownership = ownership;
        this.properties = properties;
    }

    @Schema(name = "SessionView", description = "Who the caller is, and whether accounts are on at all.")
    record Me(Long id, String username, Role role, boolean securityEnabled) {
        static Me of(Account a, boolean enabled) {
            return new Me(a.id(), a.username(), a.role(), enabled);
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Me signIn(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = AccountRequests.SignIn.class)))
                    @RequestBody
                    JsonNode body,
            HttpServletRequest request,
            HttpServletResponse response) {
        if (!properties.enabled()) return Me.of(Account.LOCAL, false);
        JsonFields f = JsonFields.of(body);
        f.allowOnly(AccountRequests.SignIn.class);
        Account account = f.has("token")
                ? accounts.signInWithToken(f.requiredString("token"))
                : accounts.signIn(f.requiredString("username"), f.requiredString("password"));
        sessions.start(account, request, response);
        return Me.of(account, true);
    }

    @GetMapping
    Me me() {
        return Me.of(ownership.current(), properties.enabled());
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void signOut(HttpServletRequest request, HttpServletResponse response) {
        sessions.end(request, response);
    }

    /** {@code {currentPassword, newPassword}}; an account without a password yet sets one with newPassword alone. */
    @PutMapping(path = "/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = AccountRequests.PasswordChange.class)))
                    @RequestBody
                    JsonNode body) {
        JsonFields f = JsonFields.of(body);
        f.allowOnly(AccountRequests.PasswordChange.class);
        if (!f.has("newPassword")) throw ApiProblem.badRequest("newPassword", "is required");
        accounts.changePassword(
                ownership.current(), f.optionalString("currentPassword", null), f.requiredString("newPassword"));
    }
}
