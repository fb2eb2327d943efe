package dev.descent.platform.security;

import dev.descent.platform.web.JsonFields;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The caller's personal API tokens: {@code POST} makes one and answers its secret, the only time it is shown;
 * {@code GET} lists them (name, prefix, created, last used, expiry, revoked); {@code DELETE} revokes one.
 */
@RestController
@RequestMapping("/api/tokens")
class TokensController {
    private final Accounts accounts;
    private final Ownership ownership;

    TokensController(Accounts accounts, Ownership ownership) {
        this.accounts = accounts;
        this.ownership = ownership;
    }

    @GetMapping
    List<AccountStore.TokenInfo> list() {
        return accounts.tokens(ownership.current());
    }

    /** {@code {name, expiresInDays?}} (1 to 3650 days; none: until revoked). */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Accounts.Issued> create(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = AccountRequests.NewToken.class)))
                    @RequestBody
                    JsonNode body) {
        JsonFields f = JsonFields.of(body);
        f.allowOnly(AccountRequests.NewToken.class);
        String name = f.requiredString("name");
        int days = f.optionalInt("expiresInDays", 0, 1, 3650);
        Instant expires = days == 0 ? null : Instant.now().plus(days, ChronoUnit.DAYS);
        Accounts.Issued issued = accounts.issueToken(ownership.current(), name, expires);
        return ResponseEntity.created(URI.create("/api/tokens/" + issued.id())).body(issued);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long id) {
        accounts.revoke(ownership.current(), id);
    }
}
