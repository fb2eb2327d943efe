package dev.descent.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A database of its own for each test class on the PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres, as CI runs
 * it), created when the class's context starts and dropped after it closes. As a JUnit extension registered before
 * Spring's, its afterAll runs after Spring has closed the context.
 */
public final class TestDatabase implements AfterAllCallback {
    public static final String HOST = System.getProperty("descent.test.pg", "127.0.0.1:5432");
    public static final String USER = "postgres";
    private static final List<String> CREATED = new CopyOnWriteArrayList<>();

    public static String create(String prefix) {
        String name = ("descent_test_" + prefix + "_"
                        + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT);
        admin("create database " + name);
        CREATED.add(name);
        return name;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (String name : List.copyOf(CREATED)) {
            drop(name);
            CREATED.remove(name);
        }
    }

    public static String url(String name) {
        return "jdbc:postgresql://" + HOST + "/" + name;
    }

    public static void drop(String name) {
        if (!name.startsWith("descent_test_"))
            throw new IllegalArgumentException("refusing to drop " + name + ": not a test database");
        admin("drop database if exists " + name + " with (force)");
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "the tests need PostgreSQL on " + HOST + " (user " + USER + ", trust auth): " + e.getMessage(), e);
        }
    }
}
