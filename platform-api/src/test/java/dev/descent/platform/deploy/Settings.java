package dev.descent.platform.deploy;

import dev.descent.platform.datasets.DatasetProperties;
import dev.descent.platform.metrics.MetricsProperties;
import dev.descent.platform.runs.QueueProperties;
import dev.descent.platform.workers.WorkerProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The platform's settings as a container sees them: its environment variables over application.yml, bound the way
 * Spring Boot binds them (upper case, '_' for '.', dashes dropped).
 */
final class Settings {
    /** Every settings record of the platform, and the plain properties a deployment sets. */
    static final List<Class<?>> RECORDS =
            List.of(WorkerProperties.class, QueueProperties.class, DatasetProperties.class, MetricsProperties.class);

    static final List<String> PLAIN = List.of(
            "spring.datasource.url",
            "spring.datasource.username",
            "spring.datasource.password",
            "descent.role",
            "server.address");

    private final Binder binder;
    private final Binder envOnly;

    Settings(Map<String, String> env) {
        binder = Binder.get(environment(env, true));
        envOnly = Binder.get(environment(env, false));
    }

    private static StandardEnvironment environment(Map<String, String> env, boolean withApplicationYml) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(env)));
        if (withApplicationYml) {
            try {
                for (PropertySource<?> s : new YamlPropertySourceLoader()
                        .load("application.yml", new ClassPathResource("application.yml"))) sources.addLast(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ConfigurationPropertySources.attach(environment);
        return environment;
    }

    WorkerProperties worker() {
        return binder.bindOrCreate("descent.worker", WorkerProperties.class);
    }

    <T> T get(String name, Class<T> type) {
        return binder.bind(name, type).orElseThrow(() -> new AssertionError(name + " is not set"));
    }

    /**
     * The settings that the environment variables alone set: a variable whose name binds to nothing (a typo such as
     * DESCENT_WORKERS_GPU) sets none.
     */
    Set<String> boundFromEnvironment() {
        Set<String> bound = new HashSet<>();
        AbstractBindHandler recorder = new AbstractBindHandler() {
            @Override
            public Object onSuccess(
                    ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
                if (context.getConfigurationProperty() != null) bound.add(name.toString());
                return super.onSuccess(name, target, context, result);
            }
        };
        for (Class<?> type : RECORDS) {
            String prefix = type.getAnnotation(ConfigurationProperties.class).value();
            envOnly.bindOrCreate(prefix, Bindable.of(type), recorder);
        }
        for (String name : PLAIN) {
            if (envOnly.bind(name, String.class).isBound()) bound.add(name);
        }
        return bound;
    }

    /** The names of the settings {@code variable} sets, empty when it sets none. */
    static List<String> settingsOf(String variable, String value) {
        return new ArrayList<>(new Settings(Map.of(variable, value)).boundFromEnvironment());
    }
}
