package dev.descent.platform.queue;

import dev.descent.platform.runs.RunStatus;
import dev.descent.spec.Checkpoint;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A run's latest checkpoint, kept in PostgreSQL so that any worker can resume it. */
@Component
public class CheckpointStore {
    private final JdbcTemplate jdbc;

    CheckpointStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores it only while this worker still holds the run, so a worker that lost its lease cannot roll it back (the
     * guard reads the run's row in the same statement, the one place outside runs/ that reads that table).
     */
    public boolean save(long runId, String workerId, int attempt, Checkpoint checkpoint) {
        int n = jdbc.update(
                """
                        insert into checkpoints (run_id, epoch, step, attempt, content)
                        select ?, ?, ?, ?, ?
                        where exists (select 1 from runs where id = ? and worker_id = ? and status = ?)
                        on conflict (run_id) do update
                        set epoch = excluded.epoch, step = excluded.step, attempt = excluded.attempt,
                            content = excluded.content, created_at = now()""",
                runId,
                checkpoint.epoch(),
                checkpoint.step(),
                attempt,
                checkpoint.bytes(),
                runId,
                workerId,
                RunStatus.RUNNING.name());
        return n == 1;
    }

    public Optional<Checkpoint> latest(long runId) {
        List<Checkpoint> found = jdbc.query(
                "select epoch, step, content from checkpoints where run_id = ?",
                (rs, i) -> new Checkpoint(rs.getInt(1), rs.getLong(2), rs.getBytes(3)),
                runId);
        return found.stream().findFirst();
    }
}
