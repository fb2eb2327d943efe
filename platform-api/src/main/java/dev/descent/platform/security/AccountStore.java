package dev.descent.platform.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The SQL of {@code users} and {@code api_tokens}. */
@Component
class AccountStore {
    private final JdbcTemplate jdbc;

    AccountStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An account with what only sign-in needs to see. */
    record Stored(Account account, String passwordHash, boolean disabled, Instant createdAt) {}

    /** A token as its owner sees it in a list: never the secret. */
    record TokenInfo(
            long id,
            String name,
            String prefix,
            Instant createdAt,
            Instant lastUsedAt,
            Instant expiresAt,
            Instant revokedAt) {}

    long count() {
        Long n = jdbc.queryForObject("select count(*) from users", Long.class);
        return n == null ? 0 : n;
    }

    /** Creates an account; empty when the username is taken (checked by the unique index, so races are safe). */
    Optional<Account> create(String username, String passwordHash, Role role) {
        return jdbc.query("""
                        insert into users (username, password_hash, role) values (?, ?, ?)
                        on conflict (username) do nothing returning id""", (rs, i) -> rs.getLong(1), username, passwordHash, role.name()).stream()
                .findFirst()
                .map(id -> new Account(id, username, role));
    }

    Optional<Stored> byUsername(String username) {
        return jdbc.query("select * from users where username = ?", AccountStore::stored, username).stream()
                .findFirst();
    }

    Optional<Stored> byId(long id) {
        return jdbc.query("select * from users where id = ?", AccountStore::stored, id).stream()
                .findFirst();
    }

    List<Stored> list() {
        return jdbc.query("select * from users order by id", AccountStore::stored);
    }

    boolean setPassword(long userId, String passwordHash) {
        return jdbc.update("update users set password_hash = ? where id = ?", passwordHash, userId) == 1;
    }

    boolean setRole(long userId, Role role) {
        return jdbc.update("update users set role = ? where id = ?", role.name(), userId) == 1;
    }

    /** Disables an account and revokes its tokens; its sessions end at their next request. */
    @Transactional
    boolean disable(long userId) {
        jdbc.update("update api_tokens set revoked_at = now() where user_id = ? and revoked_at is null", userId);
        return jdbc.update("update users set disabled = true where id = ?", userId) == 1;
    }

    long countActiveAdmins() {
        Long n = jdbc.queryForObject("select count(*) from users where role = 'ADMIN' and not disabled", Long.class);
        return n == null ? 0 : n;
    }

    long createToken(long userId, String name, String hash, String prefix, Instant expiresAt) {
        Long id = jdbc.queryForObject(
                "insert into api_tokens (user_id, name, token_hash, prefix, expires_at) values (?, ?, ?, ?, ?)"
                        + " returning id",
                Long.class,
                userId,
                name,
                hash,
                prefix,
                expiresAt == null ? null : Timestamp.from(expiresAt));
        return id == null ? 0 : id;
    }

    /**
     * The account a live token belongs to, noting its use. {@code last_used_at} is written at most once a minute per
     * token, so a busy client does not turn every read into a write.
     */
    Optional<Account> useToken(String hash) {
        List<Account> found = jdbc.query(
                """
                select u.id, u.username, u.role, t.id as token_id, t.last_used_at from api_tokens t
                join users u on u.id = t.user_id
                where t.token_hash = ? and t.revoked_at is null and not u.disabled
                  and (t.expires_at is null or t.expires_at > now())""",
                (rs, i) -> {
                    Timestamp last = rs.getTimestamp("last_used_at");
                    if (last == null || last.toInstant().isBefore(Instant.now().minusSeconds(60)))
                        jdbc.update("update api_tokens set last_used_at = now() where id = ?", rs.getLong("token_id"));
                    return new Account(rs.getLong("id"), rs.getString("username"), Role.valueOf(rs.getString("role")));
                },
                hash);
        return found.stream().findFirst();
    }

    List<TokenInfo> tokens(long userId) {
        return jdbc.query(
                "select * from api_tokens where user_id = ? order by created_at desc, id desc",
                (rs, i) -> new TokenInfo(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getString("prefix"),
                        instant(rs, "created_at"),
                        instant(rs, "last_used_at"),
                        instant(rs, "expires_at"),
                        instant(rs, "revoked_at")),
                userId);
    }

    /** Revokes one of the user's tokens; false when the user has no such token. */
    boolean revoke(long userId, long tokenId) {
        return jdbc.update(
                        "update api_tokens set revoked_at = coalesce(revoked_at, now()) where id = ? and user_id = ?",
                        tokenId,
                        userId)
                == 1;
    }

    private static Stored stored(ResultSet rs, int row) throws SQLException {
        return new Stored(
                new Account(rs.getLong("id"), rs.getString("username"), Role.valueOf(rs.getString("role"))),
                rs.getString("password_hash"),
                rs.getBoolean("disabled"),
                instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
