package dev.descent.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import dev.descent.platform.TestEngine;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/** A run that outlives its timeoutMinutes is stopped by its worker and ends FAILED with reason TIMED_OUT. */
@TestPropertySource(properties = {"descent.worker.enabled=true", "descent.worker.gpu=none"})
class RunTimeoutTest extends PlatformTest {
    static final long SEED = 9090;

    @Autowired
    DataSource dataSource;

    @AfterEach
    void reset() {
        TestEngine.reset();
    }

    @Test
    void aRunPastItsWallClockBudgetEndsTimedOut() {
        TestEngine.STEP_DELAY_MS.put(SEED, 200L);
        Map<String, Object> body = Fixtures.run(
                Fixtures.experiment(http()),
                Fixtures.spirals(http(), 600),
                Fixtures.model(http(), Fixtures.TINY_MODEL),
                SEED);
        body.put("timeoutMinutes", 1);
        body.put("epochs", 50);
        // Asked for a GPU this worker lacks, so it waits while its clock is set 58 s back, as if it had run that long.
        body.put("device", "cuda");
        long run = Fixtures.queue(http(), body);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("update runs set started_at = now() - interval '58 seconds', device = 'cpu' where id = ?", run);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> http().get("/api/runs/" + run)
                        .json()
                        .get("status")
                        .asString()
                        .equals("FAILED"));
        Http.Response r = http().get("/api/runs/" + run);
        assertThat(r.json().get("statusReason").asString()).isEqualTo("TIMED_OUT");
        assertThat(r.json().get("statusMessage").asString()).contains("timeoutMinutes");
    }
}
