package dev.descent.platform;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port against a fresh database, with short heartbeats and leases so that recovery
 * happens within a second. Workers are off unless a test class starts them (or turns the in-process one on). The
 * context is closed and the database dropped after the class.
 */
@ExtendWith(TestDatabase.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "descent.queue.heartbeat=200ms",
            "descent.queue.lease=1s",
            "descent.worker.enabled=false",
            "descent.worker.shutdown-timeout=10s",
            "descent.security.initial-admin-token=" + Http.ADMIN_TOKEN,
            "server.shutdown=immediate",
            "spring.main.banner-mode=off",
            "logging.level.org.springframework=WARN",
            "logging.level.org.hibernate=WARN",
            "logging.level.com.zaxxer=WARN",
            "logging.level.org.flywaydb=WARN",
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class PlatformTest {

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String name = TestDatabase.create("platform");
        registry.add("spring.datasource.url", () -> TestDatabase.url(name));
        registry.add("spring.datasource.username", () -> TestDatabase.USER);
        registry.add("spring.datasource.password", () -> "");
    }

    protected Http http() {
        return new Http("http://127.0.0.1:" + port);
    }
}
