package dev.descent.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.TestDatabase;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Migration V5 on a database that already holds finished runs: each gets the reason its result and error tell. */
class RunReasonMigrationTest {
    private String db;
    private DriverManagerDataSource dataSource;
    private JdbcTemplate jdbc;

    @BeforeEach
    void createDatabase() {
        db = TestDatabase.create("migration");
        dataSource = new DriverManagerDataSource(TestDatabase.url(db), TestDatabase.USER, "");
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterEach
    void dropDatabase() {
        TestDatabase.drop(db);
    }

    @Test
    void runsThatEndedBeforeV5GetTheReasonTheirResultAndErrorTell() {
        flyway("4").migrate();
        jdbc.update("insert into experiments (name) values ('before V5')");
        jdbc.update("insert into models (name, version, spec, parameters, summary) values ('m', 1, '{}', 0, '{}')");
        long completed = run("SUCCEEDED", "{\"status\": \"SUCCEEDED\", \"message\": \"\"}", null);
        long patience = run(
                "SUCCEEDED",
                "{\"status\": \"EARLY_STOPPED\", \"message\": \"no better validation loss for 3 epochs\"}",
                null);
        long diverged = run("FAILED", "{\"status\": \"DIVERGED\"}", "diverged at step 812");
        long leaseLost = run("FAILED", null, "worker w1 stopped heart-beating (its lease expired) on attempt 3 of 3");
        long error = run("FAILED", null, "datasetId: the run's dataset was deleted");
        long cancelled = run("CANCELLED", "{\"status\": \"CANCELLED\"}", null);
        long queued = run("QUEUED", null, null);

        flyway(null).migrate();

        assertThat(reason(completed)).containsExactly("COMPLETED", "completed");
        assertThat(reason(patience)).containsExactly("NO_IMPROVEMENT", "no better validation loss for 3 epochs");
        assertThat(reason(diverged)).containsExactly("DIVERGED", "diverged at step 812");
        assertThat(reason(leaseLost))
                .containsExactly("LEASE_LOST", "worker w1 stopped heart-beating (its lease expired) on attempt 3 of 3");
        assertThat(reason(error)).containsExactly("ERROR", "datasetId: the run's dataset was deleted");
        assertThat(reason(cancelled)).containsExactly("CANCELLED_BY_USER", "cancelled by a user");
        assertThat(reason(queued)).containsExactly(null, null);
    }

    private Flyway flyway(String target) {
        var config = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (target != null) config.target(target);
        return config.load();
    }

    private long run(String status, String result, String error) {
        return jdbc.queryForObject("""
                insert into runs (experiment_id, model_id, config, engine, device, status, max_attempts, error, result)
                select (select id from experiments), (select id from models), '{}', 'native', 'cpu', ?, 3, ?, ?::jsonb
                returning id""", Long.class, status, error, result);
    }

    private List<String> reason(long run) {
        Map<String, Object> row = jdbc.queryForMap("select status_reason, status_message from runs where id = ?", run);
        return Arrays.asList((String) row.get("status_reason"), (String) row.get("status_message"));
    }
}
