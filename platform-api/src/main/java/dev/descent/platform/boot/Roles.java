package dev.descent.platform.boot;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * What this process is: {@code all} serves the API and runs an in-process worker; {@code worker} only trains (no web
 * server), against the same database.
 */
public final class Roles implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    public static final String PROPERTY = "descent.role";
    public static final List<String> ALL = List.of("all", "worker");

    public static String of(ConfigurableEnvironment env) {
        String role = env.getProperty(PROPERTY, "all");
        if (!ALL.contains(role)) {
            throw new IllegalStateException(PROPERTY + " must be one of " + ALL + ", got '" + role + "'");
        }
        return role;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        // Read back by SpringApplication after this event, before it picks the context type.
        if (of(env).equals("worker")) {
            env.getPropertySources()
                    .addFirst(
                            new MapPropertySource("descent-role", Map.of("spring.main.web-application-type", "none")));
        }
    }
}
