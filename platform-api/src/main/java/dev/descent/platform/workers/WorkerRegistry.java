package dev.descent.platform.workers;

import dev.descent.platform.runs.QueueProperties;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The workers table: who trains, on what, and when each last said it was alive. */
@Component
public class WorkerRegistry {
    private final JdbcTemplate jdbc;
    private final QueueProperties queue;

    WorkerRegistry(JdbcTemplate jdbc, QueueProperties queue) {
        this.jdbc = jdbc;
        this.queue = queue;
    }

    public record WorkerView(
            String id,
            String host,
            long pid,
            WorkerState state,
            Long currentRunId,
            Instant startedAt,
            Instant lastHeartbeat,
            Devices devices) {}

    void register(String id, String host, long pid, Devices d) {
        jdbc.update(
                """
                        insert into workers (id, host, pid, cpu_cores, memory_mb, gpu_name, gpu_memory_mb, state)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (id) do update set state = excluded.state, current_run_id = null, started_at = now(), last_heartbeat = now()""", id, host, pid, d.cpuCores(), d.memoryMb(), d.gpuName(), d.gpuMemoryMb(), WorkerState.IDLE.name());
    }

    void heartbeat(String id, WorkerState state) {
        jdbc.update("update workers set last_heartbeat = now(), state = ? where id = ?", state.name(), id);
    }

    /** It claimed {@code runId}; call in the claim's transaction. */
    void busy(String id, long runId) {
        jdbc.update(
                "update workers set state = ?, current_run_id = ?, last_heartbeat = now() where id = ?",
                WorkerState.BUSY.name(),
                runId,
                id);
    }

    /** It ended {@code runId}; call in the transaction that ended it. */
    void idle(String id, long runId) {
        jdbc.update(
                "update workers set state = ?, current_run_id = null where id = ? and current_run_id = ?",
                WorkerState.IDLE.name(),
                id,
                runId);
    }

    /** It gave {@code runId} back to the queue (it is stopping, so its state stays as it is). */
    void released(String id, long runId) {
        jdbc.update("update workers set current_run_id = null where id = ? and current_run_id = ?", id, runId);
    }

    void idle(String id) {
        jdbc.update(
                "update workers set state = ?, current_run_id = null, last_heartbeat = now() where id = ?",
                WorkerState.IDLE.name(),
                id);
    }

    void offline(String id) {
        jdbc.update("update workers set state = ?, current_run_id = null where id = ?", WorkerState.OFFLINE.name(), id);
    }

    /**
     * Workers seen within a day, newest first. One that missed its lease's worth of heartbeats is shown OFFLINE
     * whatever it last wrote: it may have died without a word.
     */
    public List<WorkerView> list() {
        return jdbc.query(
                """
                        select id, host, pid, case when last_heartbeat < now() - ? * interval '1 millisecond'
                            then ? else state end,
                               -- a worker that stopped heart-beating trains nothing, whatever it last wrote
                               case when last_heartbeat < now() - ? * interval '1 millisecond'
                                    or state = 'OFFLINE' then null else current_run_id end,
                               started_at, last_heartbeat, cpu_cores, memory_mb, gpu_name, gpu_memory_mb
                        from workers where last_heartbeat > now() - interval '1 day'
                        order by started_at desc, id""",
                (rs, i) -> new WorkerView(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        WorkerState.valueOf(rs.getString(4)),
                        rs.getObject(5, Long.class),
                        rs.getObject(6, OffsetDateTime.class).toInstant(),
                        rs.getObject(7, OffsetDateTime.class).toInstant(),
                        new Devices(rs.getInt(8), rs.getLong(9), rs.getString(10), rs.getObject(11, Long.class))),
                queue.lease().toMillis(),
                WorkerState.OFFLINE.name(),
                queue.lease().toMillis());
    }
}
