package dev.descent.platform.sweeps;

import dev.descent.platform.runs.RunReason;
import dev.descent.platform.runs.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SQL of the {@code sweeps} and {@code sweep_rungs} tables, and of the link from a run to its sweep
 * ({@code runs.sweep_id}). Runs themselves are created, cancelled and deleted only through the runs feature.
 */
@Component
class SweepStore {
    private static final String COLUMNS =
            "id, experiment_id, owner_id, name, kind, status, spec::text, metric, goal, seed, max_runs, shootout::text,"
                    + " created_at";

    private final JdbcTemplate jdbc;

    SweepStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A sweep as stored; {@code spec} is the request's JSON, {@code shootout} what the shoot-out measured first. */
    record Row(
            long id,
            long experimentId,
            Long ownerId,
            String name,
            SweepKind kind,
            SweepStatus status,
            String spec,
            String metric,
            Goal goal,
            long seed,
            int maxRuns,
            String shootout,
            Instant createdAt) {}

    /** One run of a sweep, with what its view needs. */
    record RunRow(
            long id,
            String name,
            RunStatus status,
            RunReason reason,
            String message,
            String config,
            Instant startedAt,
            Instant finishedAt) {}

    /** A run's best value of a metric and the step it was logged at. */
    record Point(double value, long step, Instant at) {}

    long insert(Row r) {
        return jdbc.queryForObject(
                """
                insert into sweeps (experiment_id, owner_id, name, kind, status, spec, metric, goal, seed, max_runs,
                                    shootout)
                values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb) returning id""",
                Long.class,
                r.experimentId(),
                r.ownerId(),
                r.name(),
                r.kind().name(),
                r.status().name(),
                r.spec(),
                r.metric(),
                r.goal().name(),
                r.seed(),
                r.maxRuns(),
                r.shootout());
    }

    void attach(long sweepId, List<Long> runIds) {
        jdbc.update("update runs set sweep_id = ? where id = any(?)", sweepId, (Object) runIds.toArray(Long[]::new));
    }

    Optional<Row> find(long id) {
        return jdbc.query("select " + COLUMNS + " from sweeps where id = ?", SweepStore::row, id).stream()
                .findFirst();
    }

    List<Row> page(Long experimentId, int page, int size) {
        return jdbc.query(
                "select " + COLUMNS + " from sweeps where (?::bigint is null or experiment_id = ?)"
                        + " order by created_at desc, id desc limit ? offset ?",
                SweepStore::row,
                experimentId,
                experimentId,
                size,
                (long) page * size);
    }

    long count(Long experimentId) {
        Long n = jdbc.queryForObject(
                "select count(*) from sweeps where (?::bigint is null or experiment_id = ?)",
                Long.class,
                experimentId,
                experimentId);
        return n == null ? 0 : n;
    }

    void setStatus(long id, SweepStatus status) {
        jdbc.update("update sweeps set status = ? where id = ? and status <> ?", status.name(), id, status.name());
    }

    void delete(long id) {
        jdbc.update("delete from sweeps where id = ?", id);
    }

    List<RunRow> runs(long sweepId) {
        return jdbc.query(
                """
                select id, name, status, status_reason, status_message, config::text, started_at, finished_at
                from runs where sweep_id = ? order by id""",
                (rs, i) -> new RunRow(
                        rs.getLong(1),
                        rs.getString(2),
                        RunStatus.valueOf(rs.getString(3)),
                        rs.getString(4) == null ? null : RunReason.valueOf(rs.getString(4)),
                        rs.getString(5),
                        rs.getString(6),
                        instant(rs.getTimestamp(7)),
                        instant(rs.getTimestamp(8))),
                sweepId);
    }

    /** Each run's best value of {@code key} (earliest step among equals). */
    Map<Long, Point> best(List<Long> runIds, String key, Goal goal) {
        // The direction is one of two literals chosen by the enum, never text from a request.
        String order = goal == Goal.MAXIMIZE ? "desc" : "asc";
        Map<Long, Point> out = new HashMap<>();
        jdbc.query(
                "select distinct on (run_id) run_id, value, step, ts from metrics"
                        + " where run_id = any(?) and key = ? and value = value"
                        + " order by run_id, value " + order + ", step",
                rs -> {
                    out.put(rs.getLong(1), new Point(rs.getDouble(2), rs.getLong(3), instant(rs.getTimestamp(4))));
                },
                (Object) runIds.toArray(Long[]::new),
                key);
        return out;
    }

    /** Each run's last value of {@code key}. */
    Map<Long, Point> last(List<Long> runIds, String key) {
        Map<Long, Point> out = new HashMap<>();
        jdbc.query(
                "select run_id, value, step, ts from latest_metrics where run_id = any(?) and key = ?",
                rs -> {
                    out.put(rs.getLong(1), new Point(rs.getDouble(2), rs.getLong(3), instant(rs.getTimestamp(4))));
                },
                (Object) runIds.toArray(Long[]::new),
                key);
        return out;
    }

    /** Each run's first point of {@code key} at least as good as {@code target}. */
    Map<Long, Point> firstReaching(List<Long> runIds, String key, Goal goal, double target) {
        String reaches = goal == Goal.MAXIMIZE ? "value >= ?" : "value <= ?";
        Map<Long, Point> out = new HashMap<>();
        jdbc.query(
                "select distinct on (run_id) run_id, value, step, ts from metrics"
                        + " where run_id = any(?) and key = ? and " + reaches + " order by run_id, step",
                rs -> {
                    out.put(rs.getLong(1), new Point(rs.getDouble(2), rs.getLong(3), instant(rs.getTimestamp(4))));
                },
                (Object) runIds.toArray(Long[]::new),
                key,
                target);
        return out;
    }

    /** The highest rung each run of the sweep reached. */
    Map<Long, Integer> rungs(long sweepId) {
        Map<Long, Integer> out = new HashMap<>();
        jdbc.query(
                "select run_id, max(rung) from sweep_rungs where sweep_id = ? group by run_id",
                rs -> {
                    out.put(rs.getLong(1), rs.getInt(2));
                },
                sweepId);
        return out;
    }

    /** What ASHA needs to judge a run: its sweep, the sweep's spec, metric and goal, and the run's epochs. */
    record Judged(long sweepId, String spec, String metric, Goal goal, int epochs) {}

    Optional<Judged> judged(long runId) {
        return jdbc
                .query(
                        """
                        select s.id, s.spec::text, s.metric, s.goal, (r.config ->> 'epochs')::int
                        from runs r join sweeps s on s.id = r.sweep_id
                        where r.id = ? and s.spec -> 'earlyStopping' is not null
                          and jsonb_typeof(s.spec -> 'earlyStopping') = 'object'""",
                        (rs, i) -> new Judged(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                Goal.valueOf(rs.getString(4)),
                                rs.getInt(5)),
                        runId)
                .stream()
                .findFirst();
    }

    /** One recorded ASHA decision, in the order decisions were made. */
    record Decision(long runId, int rung, double value, boolean promoted) {}

    /**
     * Records that {@code runId} reached {@code rung} with {@code value} and decides whether it goes on. The sweep's
     * row is locked first, so decisions for one sweep are made one at a time: each sees every earlier arrival at the
     * rung, and two workers can never both take the last place. A run that reports a rung again (resumed on another
     * worker) gets the verdict it got the first time.
     */
    @Transactional
    boolean decide(long sweepId, long runId, int rung, int epoch, double value, Asha asha, Goal goal) {
        jdbc.queryForList("select id from sweeps where id = ? for update", Long.class, sweepId);
        List<Boolean> earlier = jdbc.queryForList(
                "select promoted from sweep_rungs where sweep_id = ? and rung = ? and run_id = ?",
                Boolean.class,
                sweepId,
                rung,
                runId);
        if (!earlier.isEmpty()) return earlier.getFirst();
        List<Double> values = jdbc.queryForList(
                "select value from sweep_rungs where sweep_id = ? and rung = ? order by id",
                Double.class,
                sweepId,
                rung);
        boolean promoted = asha.promotes(values, value, goal);
        jdbc.update(
                "insert into sweep_rungs (sweep_id, run_id, rung, epoch, value, promoted) values (?, ?, ?, ?, ?, ?)",
                sweepId,
                runId,
                rung,
                epoch,
                value,
                promoted);
        return promoted;
    }

    List<Decision> decisions(long sweepId) {
        List<Decision> out = new ArrayList<>();
        jdbc.query(
                "select run_id, rung, value, promoted from sweep_rungs where sweep_id = ? order by id",
                rs -> {
                    out.add(new Decision(rs.getLong(1), rs.getInt(2), rs.getDouble(3), rs.getBoolean(4)));
                },
                sweepId);
        return out;
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(
                rs.getLong(1),
                rs.getLong(2),
                rs.getObject(3, Long.class),
                rs.getString(4),
                SweepKind.valueOf(rs.getString(5)),
                SweepStatus.valueOf(rs.getString(6)),
                rs.getString(7),
                rs.getString(8),
                Goal.valueOf(rs.getString(9)),
                rs.getLong(10),
                rs.getInt(11),
                rs.getString(12),
                instant(rs.getTimestamp(13)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
