package dev.descent.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer secrets: 32 random bytes behind a {@code dsc_} prefix (so a leaked one is recognisable, as GitHub's are), kept
 * only as their SHA-256.
 */
final class Tokens {
    static final String PREFIX = "dsc_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** What a list shows of a token: its first characters, never enough to use it. */
    static String displayPrefix(String token) {
        return token.substring(0, Math.min(token.length(), PREFIX.length() + 6));
    }
}
