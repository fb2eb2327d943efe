package dev.descent.platform;

import dev.descent.platform.boot.EmbeddedDatabase;
import dev.descent.platform.boot.ReadyLine;
import dev.descent.platform.boot.Roles;
import dev.descent.platform.boot.VectorModule;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Descent platform: the REST API and one in-process worker ({@code descent.role=all}, the default), or a worker
 * only ({@code --descent.role=worker}). Spring Boot's in-memory user (and the "generated security password" it prints
 * at start) is left out: accounts and tokens live in PostgreSQL ({@code security}).
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class DescentPlatform {

    public static void main(String[] args) {
        VectorModule.ensure();
        EmbeddedDatabase embedded = new EmbeddedDatabase();
        SpringApplication app = new SpringApplication(DescentPlatform.class);
        app.addListeners(new Roles(), embedded, new ReadyLine());
        // The embedded database must outlive the context: workers requeue their runs while it closes.
        app.setRegisterShutdownHook(false);
        ConfigurableApplicationContext context;
        try {
            context = app.run(args);
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            context.close();
                            embedded.close();
                        },
                        "descent-shutdown"));
        if (!context.isActive()) embedded.close();
    }
}
