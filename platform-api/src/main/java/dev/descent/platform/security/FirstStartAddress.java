package dev.descent.platform.security;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Until the first admin exists the platform listens on 127.0.0.1 only, as Jupyter does: the one-time sign-in link
 * {@link FirstStart} prints is then usable only from this machine, and nobody on the network can reach a platform whose
 * first account is still unclaimed. It decides before the server binds, so it reads the accounts table itself (a
 * database Flyway has not created yet has no accounts). An explicit {@code server.address}, a given
 * {@code descent.security.initial-admin-token} (automation, containers) or security turned off leave the address alone.
 */
@Component
class FirstStartAddress implements WebServerFactoryCustomizer<ConfigurableWebServerFactory> {
    private static final Logger log = LoggerFactory.getLogger(FirstStartAddress.class);

    private final DataSource dataSource;
    private final SecurityProperties properties;
    private final Environment environment;

    FirstStartAddress(DataSource dataSource, SecurityProperties properties, Environment environment) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        if (!properties.enabled() || environment.containsProperty("server.address")) return;
        String given = properties.initialAdminToken();
        if (given != null && !given.isBlank()) return;
        if (hasAccounts()) return;
        factory.setAddress(InetAddress.getLoopbackAddress());
        log.warn("No accounts yet: this first start listens on 127.0.0.1 only (the sign-in link it prints works from"
                + " this machine); later starts listen on every interface (server.address chooses)");
    }

    private boolean hasAccounts() {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            try (ResultSet r = s.executeQuery("select exists (select 1 from users)")) {
                return r.next() && r.getBoolean(1);
            }
        } catch (SQLException e) {
            // No users table yet (a new database) or no database answering: nobody has an account.
            return false;
        }
    }
}
