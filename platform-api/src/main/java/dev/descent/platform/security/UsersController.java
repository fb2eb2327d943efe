package dev.descent.platform.security;

import dev.descent.platform.web.JsonFields;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Account administration, for admins only (the filter chain sees to that). */
@RestController
@RequestMapping("/api/users")
class UsersController {
    private final Accounts accounts;

    UsersController(Accounts accounts) {
        this.accounts = accounts;
    }

    record UserView(long id, String username, Role role, boolean disabled, boolean hasPassword, Instant createdAt) {
        static UserView of(AccountStore.Stored s) {
            return new UserView(
                    s.account().id(),
                    s.account().username(),
                    s.account().role(),
                    s.disabled(),
                    s.passwordHash() != null,
                    s.createdAt());
        }
    }

    @GetMapping
    List<UserView> list() {
        return accounts.users().stream().map(UserView::of).toList();
    }

    /** {@code {username, password, role}} (role admin, member or viewer; member when left out). */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> create(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = AccountRequests.NewUser.class)))
                    @RequestBody
                    JsonNode body) {
        JsonFields f = JsonFields.of(body);
        f.allowOnly(AccountRequests.NewUser.class);
        Role role = f.has("role") ? Role.parse(f.requiredString("role"), "role") : Role.MEMBER;
        Account a = accounts.createUser(f.requiredString("username"), f.requiredString("password"), role);
        return ResponseEntity.created(URI.create("/api/users/" + a.id()))
                .body(new UserView(a.id(), a.username(), a.role(), false, true, Instant.now()));
    }

    @PutMapping(path = "/{id}/role", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changeRole(
            @PathVariable long id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = AccountRequests.RoleChange.class)))
                    @RequestBody
                    JsonNode body) {
        JsonFields f = JsonFields.of(body);
        f.allowOnly(AccountRequests.RoleChange.class);
        accounts.changeRole(id, Role.parse(f.requiredString("role"), "role"));
    }

    /** Disables the account and revokes its tokens; what it owns stays. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void disable(@PathVariable long id) {
        accounts.disable(id);
    }
}
