package dev.descent.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.Fixtures;
import dev.descent.platform.PlatformTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/** With autovacuum off for the metric tables, the platform keeps their statistics fresh after a large ingest itself. */
@TestPropertySource(properties = "descent.metrics.analyze-after=5000")
class StatisticsTest extends PlatformTest {
    @Autowired
    DataSource dataSource;

    @Test
    void aLargeIngestIsFollowedByAnAnalyzeOfTheMetricTables() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("alter table metrics set (autovacuum_enabled = false)");
        jdbc.execute("alter table metric_rollups set (autovacuum_enabled = false)");
        long run = Fixtures.external(http(), Fixtures.experiment(http()));
        for (int batch = 0; batch < 3; batch++) {
            List<Map<String, Object>> points = new ArrayList<>();
            for (int i = 0; i < 2_000; i++)
                points.add(Map.of("key", "train/loss", "step", batch * 2_000 + i, "value", 1.0 / (1 + i)));
            assertThat(http().post("/api/runs/" + run + "/metrics", points).status())
                    .isEqualTo(200);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        Long rows = null;
        while (System.nanoTime() < deadline) {
            rows = jdbc.queryForObject("select reltuples::bigint from pg_class where relname = 'metrics'", Long.class);
            if (rows != null && rows >= 5_000) break;
            Thread.sleep(100);
        }
        assertThat(rows).as("the planner's row estimate after the ingest").isGreaterThanOrEqualTo(5_000L);
        assertThat(jdbc.queryForObject(
                        "select last_analyze is not null from pg_stat_user_tables where relname = 'metrics'",
                        Boolean.class))
                .isTrue();
    }
}
