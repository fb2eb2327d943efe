package dev.descent.platform.queue;

import dev.descent.platform.live.Notify;
import dev.descent.platform.live.PgListener;
import dev.descent.platform.live.RunEvents;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The job queue, kept in the runs table. Claiming takes the best QUEUED run with {@code FOR UPDATE SKIP LOCKED} (so
 * concurrent workers never wait on each other or take the same run) and gives the worker a lease it must renew by
 * heartbeats. Every state change here is one statement guarded by the worker's id, so a worker that lost its lease
 * cannot overwrite what happened since.
 */
@Service
public class JobQueue {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final QueueProperties properties;

    JobQueue(JdbcTemplate jdbc, TransactionTemplate tx, QueueProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties;
    }

    public QueueProperties properties() {
        return properties;
    }

    /** Wakes idle workers in every process; call in the transaction that queued the run. */
    public static void announce(JdbcTemplate jdbc, long runId) {
        Notify.send(jdbc, PgListener.QUEUE, Long.toString(runId));
    }

    /** Highest priority first, then oldest; runs that ask for cuda only where the worker has a GPU. */
    public Optional<ClaimedRun> claim(String workerId, boolean hasGpu) {
        return tx.execute(s -> {
            List<ClaimedRun> claimed = jdbc.query(
                    """
                            update runs set status = 'RUNNING', worker_id = ?, cancel_requested = false,
                                   claimed_at = clock_timestamp(), started_at = coalesce(started_at, clock_timestamp()),
                                   lease_expires_at = clock_timestamp() + ? * interval '1 millisecond'
                            where id = (select id from runs
                                        where status = 'QUEUED' and (? or device <> 'cuda')
                                        order by priority desc, queued_at, id
                                        limit 1 for update skip locked)
                            returning id, attempt, max_attempts, engine, device, config::text, model_id, dataset_id""",
                    (rs, i) -> new ClaimedRun(
                            rs.getLong(1),
                            rs.getInt(2),
                            rs.getInt(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getLong(7),
                            rs.getObject(8, Long.class)),
                    workerId,
                    properties.lease().toMillis(),
                    hasGpu);
            if (claimed.isEmpty()) return Optional.<ClaimedRun>empty();
            ClaimedRun run = claimed.getFirst();
            jdbc.update(
                    "update workers set state = 'BUSY', current_run_id = ?, last_heartbeat = now() where id = ?",
                    run.id(),
                    workerId);
            publish(run.id(), "RUNNING", run.attempt(), workerId, null);
            return Optional.of(run);
        });
    }

    public enum Lease {
        HELD,
        CANCEL_REQUESTED,
        LOST
    }

    /** Extends the lease; tells the worker whether it still holds the run and whether a user cancelled it. */
    public Lease heartbeat(long runId, String workerId) {
        List<Boolean> cancel =
                jdbc.query("""
                        update runs set lease_expires_at = clock_timestamp() + ? * interval '1 millisecond'
                        where id = ? and worker_id = ? and status = 'RUNNING'
                        returning cancel_requested""", (rs, i) -> rs.getBoolean(1), properties.lease().toMillis(), runId, workerId);
        if (cancel.isEmpty()) return Lease.LOST;
        return cancel.getFirst() ? Lease.CANCEL_REQUESTED : Lease.HELD;
    }

    /** Ends a run the worker still holds: SUCCEEDED, FAILED (with the error) or CANCELLED. */
    public boolean finish(long runId, String workerId, String status, String error, String resultJson) {
        if (!List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status))
            throw new IllegalArgumentException("not a final status: " + status);
        Boolean done = tx.execute(s -> {
            int n = jdbc.update("""
                            update runs set status = ?, error = ?, result = ?::jsonb, finished_at = clock_timestamp(), lease_expires_at = null
                            where id = ? and worker_id = ? and status = 'RUNNING'""", status, error, resultJson, runId, workerId);
            if (n == 0) return false;
            jdbc.update(
                    "update workers set state = 'IDLE', current_run_id = null where id = ? and current_run_id = ?",
                    workerId,
                    runId);
            publish(runId, status, null, workerId, error);
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /**
     * Gives a run back to the queue without counting an attempt: its worker is shutting down and has checkpointed it,
     * so another worker resumes where it stopped. A run a user asked to cancel meanwhile ends CANCELLED instead: queued
     * again, its next claim would clear the request and train it on.
     *
     * @return the run's new status (QUEUED or CANCELLED), or empty when the worker no longer held it
     */
    public Optional<String> requeue(long runId, String workerId) {
        return tx.execute(s -> {
            List<String> status = jdbc.queryForList("""
                            update runs set
                                status = case when cancel_requested then 'CANCELLED' else 'QUEUED' end,
                                worker_id = case when cancel_requested then worker_id end,
                                finished_at = case when cancel_requested then clock_timestamp() end,
                                lease_expires_at = null
                            where id = ? and worker_id = ? and status = 'RUNNING'
                            returning status""", String.class, runId, workerId);
            if (status.isEmpty()) return Optional.<String>empty();
            jdbc.update(
                    "update workers set current_run_id = null where id = ? and current_run_id = ?", workerId, runId);
            if (status.getFirst().equals("QUEUED")) {
                publish(runId, "QUEUED", null, null, null);
                announce(jdbc, runId);
            } else {
                publish(runId, "CANCELLED", null, workerId, null);
            }
            return Optional.of(status.getFirst());
        });
    }

    public record Expired(long runId, String status, int attempt) {}

    /**
     * Requeues runs whose worker stopped heart-beating, with the attempt counted; fails those that used up their
     * attempts, and ends as CANCELLED those a user had asked to cancel. Any process may call this at any time: the row
     * locks make concurrent calls safe.
     */
    public List<Expired> reapExpiredLeases() {
        return tx.execute(s -> {
            List<Expired> expired =
                    jdbc.query("""
                            update runs set
                                status = case when cancel_requested then 'CANCELLED'
                                              when attempt >= max_attempts then 'FAILED' else 'QUEUED' end,
                                attempt = case when cancel_requested or attempt >= max_attempts then attempt else attempt + 1 end,
                                error = case when cancel_requested then null
                                             when attempt >= max_attempts then format(
                                                 'worker %s stopped heart-beating (its lease expired) on attempt %s of %s', worker_id, attempt, max_attempts)
                                             else null end,
                                finished_at = case when cancel_requested or attempt >= max_attempts then clock_timestamp() end,
                                worker_id = case when cancel_requested or attempt >= max_attempts then worker_id end,
                                lease_expires_at = null
                            where status = 'RUNNING' and lease_expires_at < clock_timestamp()
                            returning id, status, attempt""", (rs, i) -> new Expired(rs.getLong(1), rs.getString(2), rs.getInt(3)));
            for (Expired e : expired) {
                publish(e.runId(), e.status(), e.attempt(), null, null);
                if (e.status().equals("QUEUED")) announce(jdbc, e.runId());
            }
            return expired;
        });
    }

    private void publish(long runId, String status, Integer attempt, String workerId, String error) {
        ObjectNode data = JSON.createObjectNode();
        data.put("status", status);
        if (attempt != null) data.put("attempt", attempt);
        if (workerId != null) data.put("workerId", workerId);
        if (error != null) data.put("error", error);
        RunEvents.publishStatus(jdbc, runId, data);
    }
}
