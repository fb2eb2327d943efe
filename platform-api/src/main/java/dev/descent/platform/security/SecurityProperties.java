package dev.descent.platform.security;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code descent.security.*}: {@code enabled} (false only for local experiments: everyone is an admin, and the start
 * says so loudly); {@code initialAdminToken}, the first admin's token when none should be generated (automation and
 * tests; at least 32 characters); {@code tokenFile}, where the first start writes the first admin's token, readable
 * only by its user; {@code corsOrigins}, the origins other than the platform's own that browsers may call it from (none
 * by default: CORS stays off).
 */
@ConfigurationProperties("descent.security")
public record SecurityProperties(Boolean enabled, String initialAdminToken, Path tokenFile, List<String> corsOrigins) {
    public SecurityProperties {
        if (enabled == null) enabled = true;
        if (tokenFile == null) tokenFile = Path.of(System.getProperty("user.home"), ".descent", "initial-admin-token");
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        if (initialAdminToken != null && !initialAdminToken.isBlank() && initialAdminToken.length() < 32)
            throw new IllegalArgumentException("descent.security.initial-admin-token must be at least 32 characters");
    }
}
