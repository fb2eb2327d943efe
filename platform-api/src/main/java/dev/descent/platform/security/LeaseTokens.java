package dev.descent.platform.security;

import java.util.OptionalLong;

/**
 * Which run a worker's lease token stands for (the runs feature answers): the token is good only while that run is
 * RUNNING under the claim that made it.
 */
public interface LeaseTokens {
    /** The prefix of a lease token, as {@code dsc_} is a personal token's. */
    String PREFIX = "dsl_";

    OptionalLong runHeldBy(String tokenHash);

    /** A fresh lease token's secret. */
    static String generate() {
        return PREFIX + Tokens.generate().substring(Tokens.PREFIX.length());
    }

    /** What is stored of a token. */
    static String hash(String token) {
        return Tokens.hash(token);
    }
}
