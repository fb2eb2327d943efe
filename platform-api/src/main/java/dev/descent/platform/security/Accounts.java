package dev.descent.platform.security;

import dev.descent.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Signing in, accounts and their tokens: the rules, over {@link AccountStore}'s SQL. */
@Service
public class Accounts {
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int MIN_PASSWORD = 12, MAX_PASSWORD = 256, MAX_TOKEN_NAME = 100;

    private final AccountStore store;
    private final PasswordEncoder encoder;
    /** Checked when no such user exists, so that a wrong username costs as long as a wrong password. */
    private final String decoy;

    Accounts(AccountStore store, PasswordEncoder encoder) {
        this.store = store;
        this.encoder = encoder;
        this.decoy = encoder.encode("not-a-password-of-anyone");
    }

    /** A token just created: the only time its secret is shown. */
    @Schema(name = "IssuedToken", description = "A new API token; token, its secret, is shown this once only.")
    public record Issued(long id, String name, String token, String prefix, Instant expiresAt) {}

    Account signIn(String username, String password) {
        Optional<AccountStore.Stored> found = store.byUsername(username);
        String hash = found.map(AccountStore.Stored::passwordHash).orElse(null);
        boolean matches = encoder.matches(password, hash == null ? decoy : hash);
        if (!matches || hash == null || found.get().disabled()) throw unauthorized("wrong username or password");
        return found.get().account();
    }

    Account signInWithToken(String token) {
        return authenticate(token).orElseThrow(() -> unauthorized("the token is unknown, revoked or expired"));
    }

    /** The account a bearer token stands for, if it is live. */
    Optional<Account> authenticate(String token) {
        if (token == null || !token.startsWith(Tokens.PREFIX) || token.length() > 200) return Optional.empty();
        return store.useToken(Tokens.hash(token));
    }

    Issued issueToken(Account account, String name, Instant expiresAt) {
        requireStored(account);
        if (name == null || name.isBlank()) throw ApiProblem.badRequest("name", "must not be blank");
        if (name.length() > MAX_TOKEN_NAME)
            throw ApiProblem.badRequest("name", "must be at most " + MAX_TOKEN_NAME + " characters");
        String token = Tokens.generate();
        String prefix = Tokens.displayPrefix(token);
        long id = store.createToken(account.id(), name, Tokens.hash(token), prefix, expiresAt);
        return new Issued(id, name, token, prefix, expiresAt);
    }

    List<AccountStore.TokenInfo> tokens(Account account) {
        requireStored(account);
        return store.tokens(account.id());
    }

    void revoke(Account account, long tokenId) {
        requireStored(account);
        if (!store.revoke(account.id(), tokenId)) throw ApiProblem.notFound("id", "token", tokenId);
    }

    Account createUser(String username, String password, Role role) {
        if (username == null || !USERNAME.matcher(username).matches())
            throw ApiProblem.badRequest(
                    "username", "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        String hash = password == null ? null : encoder.encode(checkPassword(password, "password"));
        return store.create(username, hash, role)
                .orElseThrow(() -> ApiProblem.conflict("username", "a user called '" + username + "' exists"));
    }

    List<AccountStore.Stored> users() {
        return store.list();
    }

    void changePassword(Account account, String current, String replacement) {
        requireStored(account);
        AccountStore.Stored stored =
                store.byId(account.id()).orElseThrow(() -> unauthorized("the account no longer exists"));
        // An account made without a password (the first admin) sets its first one with its token's session alone.
        if (stored.passwordHash() != null && (current == null || !encoder.matches(current, stored.passwordHash())))
            throw ApiProblem.badRequest("currentPassword", "is wrong");
        store.setPassword(account.id(), encoder.encode(checkPassword(replacement, "newPassword")));
    }

    void changeRole(long userId, Role role) {
        AccountStore.Stored user = store.byId(userId).orElseThrow(() -> ApiProblem.notFound("id", "user", userId));
        if (user.account().role() == Role.ADMIN && role != Role.ADMIN && store.countActiveAdmins() <= 1)
            throw ApiProblem.conflict("role", "user " + userId + " is the last admin");
        store.setRole(userId, role);
    }

    void disable(long userId) {
        AccountStore.Stored user = store.byId(userId).orElseThrow(() -> ApiProblem.notFound("id", "user", userId));
        if (user.account().role() == Role.ADMIN && !user.disabled() && store.countActiveAdmins() <= 1)
            throw ApiProblem.conflict("id", "user " + userId + " is the last admin");
        store.disable(userId);
    }

    private static String checkPassword(String password, String field) {
        if (password == null || password.length() < MIN_PASSWORD)
            throw ApiProblem.badRequest(field, "must be at least " + MIN_PASSWORD + " characters");
        if (password.length() > MAX_PASSWORD)
            throw ApiProblem.badRequest(field, "must be at most " + MAX_PASSWORD + " characters");
        return password;
    }

    private static void requireStored(Account account) {
        if (account.id() == null)
            throw ApiProblem.badRequest(
                    null, "security is off (descent.security.enabled=false): there are no accounts");
    }

    static ApiProblem unauthorized(String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, null, detail);
    }
}
