package dev.descent.platform.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The first start of a platform with no accounts (as Jupyter's first start does): it makes the account {@code admin}
 * with a token, prints a sign-in link holding that token once, and writes the token to
 * {@code descent.security.token-file}, readable only by the user running the platform. The admin then sets a password
 * and makes other accounts. With {@code descent.security.initial-admin-token} the token is the one given, and nothing
 * is printed or written.
 */
@Component
class FirstStart implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

    private final AccountStore store;
    private final SecurityProperties properties;
    private final Environment environment;

    FirstStart(AccountStore store, SecurityProperties properties, Environment environment) {
        this.store = store;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        String port = environment.getProperty("local.server.port");
        // Only a process that serves HTTP makes the first account (a worker-only process has nobody to tell).
        if (!properties.enabled() || port == null || store.count() > 0) return;
        var admin = store.create("admin", null, Role.ADMIN);
        if (admin.isEmpty()) return; // another process made it first
        String given = properties.initialAdminToken();
        String token = given == null || given.isBlank() ? Tokens.generate() : given;
        store.createToken(admin.get().id(), "first start", Tokens.hash(token), Tokens.displayPrefix(token), null);
        if (given != null && !given.isBlank()) {
            log.info("Created the account 'admin' with the token of descent.security.initial-admin-token");
            return;
        }
        Path file = properties.tokenFile();
        write(file, token);
        String host = environment.getProperty("server.address", "localhost");
        log.warn("""

                ================================================================================
                  First start: created the account 'admin'. Sign in (once; then set a password) at
                      http://{}:{}/login?token={}
                  The token is also in {} (readable by this user only). It is shown only now.
                ================================================================================""", host, port, token, file);
    }

    private static void write(Path file, String token) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            boolean posix =
                    FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (dir != null && !Files.isDirectory(dir)) {
                if (posix)
                    Files.createDirectories(
                            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                else Files.createDirectories(dir);
            }
            Files.deleteIfExists(file);
            if (posix)
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            else Files.createFile(file);
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the first admin's token to " + file, e);
        }
    }
}
