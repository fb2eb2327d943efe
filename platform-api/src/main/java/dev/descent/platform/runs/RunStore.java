package dev.descent.platform.runs;

import dev.descent.platform.notify.RunNotices;
import dev.descent.platform.security.LeaseTokens;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every write to the runs table, one method per transition of {@link RunStatus}. A run is also its own queue entry, so
 * this is the queue's storage too: claiming takes the best QUEUED run with {@code FOR UPDATE SKIP LOCKED} (concurrent
 * workers never wait on each other or take the same run), and every change a worker makes is one statement guarded by
 * its id and {@code status = 'RUNNING'}, so a worker that lost its lease cannot overwrite what happened since. Each
 * transition publishes the run's new {@link RunStatusEvent} in the same transaction, so the stream sees exactly the
 * changes that were committed.
 *
 * <p>Status values in WHERE clauses are SQL literals on purpose: the partial indexes ({@code runs_queue},
 * {@code runs_lease}) serve only queries whose predicate names their value; values written are bound from the enums.
 */
@Component
public class RunStore {
    /** The engine of a run logged from its owner's own script: no worker claims it, its owner ends it. */
    public static final String EXTERNAL_ENGINE = "external";

    /** A user's cancel in words, as {@code statusMessage} says it. */
    static final String USER_CANCEL = "cancelled by a user";

    private static final String EVENT_COLUMNS =
            "id, status, attempt, worker_id, error, cancel_requested, status_reason, status_message";

    private final JdbcTemplate jdbc;
    private final QueueProperties properties;
    private final RunNotices notices;
    private final List<RunData> runData;

    RunStore(JdbcTemplate jdbc, QueueProperties properties, RunNotices notices, List<RunData> runData) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.notices = notices;
        this.runData = List.copyOf(runData);
    }

    /** A validated run to queue; {@code config} is the train config's JSON. */
    public record NewRun(
            long experimentId,
            long datasetId,
            long modelId,
            String name,
            String config,
            String engine,
            String device,
            int priority,
            int maxAttempts,
            Long ownerId,
            Integer timeoutMinutes) {}

    /** A run's id with its status as it is after a transition. */
    public record Changed(long runId, RunStatusEvent event) {}

    /** What a heartbeat learns about the run its worker holds. */
    public enum Lease {
        HELD,
        CANCEL_REQUESTED,
        LOST
    }

    /** Queues a run and wakes idle workers in every process (on commit). */
    @Transactional
    public long insert(NewRun r) {
        Long id = jdbc.queryForObject(
                """
                insert into runs (experiment_id, dataset_id, model_id, name, config, engine, device, priority, status,
                                  max_attempts, owner_id, timeout_minutes)
                values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?) returning id""",
                Long.class,
                r.experimentId(),
                r.datasetId(),
                r.modelId(),
                r.name(),
                r.config(),
                r.engine(),
                r.device(),
                r.priority(),
                RunStatus.QUEUED.name(),
                r.maxAttempts(),
                r.ownerId(),
                r.timeoutMinutes());
        notices.announceQueued(id);
        return id;
    }

    /**
     * (new) → RUNNING for an external run: it is never QUEUED, so no worker claims it, and it has no lease, so the
     * reaper never requeues it. {@code params} is the script's hyperparameters as a JSON object.
     */
    @Transactional
    public long insertExternal(long experimentId, String name, String params, Long ownerId) {
        Long id = jdbc.queryForObject(
                """
                insert into runs (experiment_id, name, config, engine, device, status, max_attempts, owner_id,
                                  claimed_at, started_at)
                values (?, ?, ?::jsonb, ?, 'auto', ?, 1, ?, clock_timestamp(), clock_timestamp()) returning id""", Long.class, experimentId, name, params, EXTERNAL_ENGINE, RunStatus.RUNNING.name(), ownerId);
        publish(new Changed(id, new RunStatusEvent(RunStatus.RUNNING, 1, null, null, false, null, null)));
        return id;
    }

    /**
     * RUNNING → SUCCEEDED | FAILED | CANCELLED for an external run, by its owner (or a user's cancel).
     *
     * @return false when the run is not an external one that is still RUNNING
     */
    @Transactional
    public boolean finishExternal(long runId, RunOutcome outcome) {
        List<Changed> changed = jdbc.query(
                """
                update runs set status = ?, status_reason = ?, status_message = ?, error = ?,
                       finished_at = clock_timestamp()
                where id = ? and engine = ? and status = 'RUNNING'
                returning %s""".formatted(EVENT_COLUMNS),
                RunStore::changed,
                outcome.status().name(),
                outcome.reason().name(),
                outcome.message(),
                outcome.status() == RunStatus.FAILED ? outcome.message() : null,
                runId,
                EXTERNAL_ENGINE);
        changed.forEach(this::publish);
        return !changed.isEmpty();
    }

    /** The run's status, locking its row until the caller's transaction ends; empty when there is no such run. */
    public Optional<RunStatus> lockStatus(long runId) {
        return jdbc.queryForList("select status from runs where id = ? for update", String.class, runId).stream()
                .findFirst()
                .map(RunStatus::valueOf);
    }

    /**
     * QUEUED → RUNNING: the best queued run (highest priority, then oldest; runs that ask for cuda only where the
     * worker has a GPU), leased to {@code workerId} for {@code descent.queue.lease}.
     */
    @Transactional
    public Optional<ClaimedRun> claim(String workerId, boolean hasGpu) {
        String leaseToken = LeaseTokens.generate();
        List<ClaimedRun> claimed = jdbc.query(
                """
                with claimed as (
                update runs set status = ?, worker_id = ?, cancel_requested = false, status_reason = null,
                       lease_token_hash = ?,
                       status_message = null, claimed_at = clock_timestamp(),
                       started_at = coalesce(started_at, clock_timestamp()),
                       lease_expires_at = clock_timestamp() + ? * interval '1 millisecond'
                where id = (select id from runs
                            where status = 'QUEUED' and (? or device <> 'cuda')
                            order by priority desc, queued_at, id
                            limit 1 for update skip locked)
                returning id, attempt, max_attempts, engine, device, config::text, model_id, dataset_id,
                          started_at + timeout_minutes * interval '1 minute' as deadline, worker_id),
                attempt as (
                    insert into run_attempts (run_id, number, attempt, worker_id, device)
                    select c.id, coalesce((select max(a.number) from run_attempts a where a.run_id = c.id), 0) + 1,
                           c.attempt, c.worker_id,
                           case when c.device = 'auto' then case when ? then 'cuda' else 'cpu' end else c.device end
                    from claimed c)
                select id, attempt, max_attempts, engine, device, config, model_id, dataset_id, deadline from claimed""",
                (rs, i) -> new ClaimedRun(
                        rs.getLong(1),
                        rs.getInt(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getLong(7),
                        rs.getObject(8, Long.class),
                        rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant(),
                        leaseToken),
                RunStatus.RUNNING.name(),
                workerId,
                LeaseTokens.hash(leaseToken),
                properties.lease().toMillis(),
                hasGpu,
                hasGpu);
        if (claimed.isEmpty()) return Optional.empty();
        ClaimedRun run = claimed.getFirst();
        notices.publishStatus(
                run.id(),
                RunStatusCodec.toJson(
                        new RunStatusEvent(RunStatus.RUNNING, run.attempt(), workerId, null, false, null, null)));
        return Optional.of(run);
    }

    /** Extends the lease; says whether the worker still holds the run and whether a user cancelled it. */
    public Lease extendLease(long runId, String workerId) {
        List<Boolean> cancel =
                jdbc.query("""
                update runs set lease_expires_at = clock_timestamp() + ? * interval '1 millisecond'
                where id = ? and worker_id = ? and status = 'RUNNING'
                returning cancel_requested""", (rs, i) -> rs.getBoolean(1), properties.lease().toMillis(), runId, workerId);
        if (cancel.isEmpty()) return Lease.LOST;
        return cancel.getFirst() ? Lease.CANCEL_REQUESTED : Lease.HELD;
    }

    /**
     * RUNNING → SUCCEEDED | FAILED | CANCELLED, by the worker that holds it.
     *
     * @param resultJson the training's result, or null
     * @return false when the worker no longer held the run
     */
    @Transactional
    public boolean finish(long runId, String workerId, RunOutcome outcome, String resultJson) {
        List<Changed> changed = jdbc.query(
                """
                update runs set status = ?, status_reason = ?, status_message = ?, error = ?, result = ?::jsonb,
                       finished_at = clock_timestamp(), lease_expires_at = null
                where id = ? and worker_id = ? and status = 'RUNNING'
                returning %s""".formatted(EVENT_COLUMNS),
                RunStore::changed,
                outcome.status().name(),
                outcome.reason().name(),
                outcome.message(),
                outcome.status() == RunStatus.FAILED ? outcome.message() : null,
                resultJson,
                runId,
                workerId);
        changed.forEach(c -> {
            endAttempt(c);
            publish(c);
        });
        return !changed.isEmpty();
    }

    /**
     * RUNNING → QUEUED without counting an attempt: its worker is shutting down and has checkpointed it, so another
     * worker resumes where it stopped. A run a user asked to cancel meanwhile ends CANCELLED instead: queued again, its
     * next claim would clear the request and train it on.
     *
     * @return the run's new status, or empty when the worker no longer held it
     */
    @Transactional
    public Optional<RunStatus> requeue(long runId, String workerId) {
        List<Changed> changed = jdbc.query(
                """
                update runs set
                    status = case when cancel_requested then ? else ? end,
                    status_reason = case when cancel_requested then ? else ? end,
                    status_message = case when cancel_requested then ?
                        else format('worker %%s shut down; the run resumes from its checkpoint', worker_id) end,
                    worker_id = case when cancel_requested then worker_id end,
                    finished_at = case when cancel_requested then clock_timestamp() end,
                    lease_expires_at = null
                where id = ? and worker_id = ? and status = 'RUNNING'
                returning %s""".formatted(EVENT_COLUMNS),
                RunStore::changed,
                RunStatus.CANCELLED.name(),
                RunStatus.QUEUED.name(),
                RunReason.CANCELLED_BY_USER.name(),
                RunReason.WORKER_SHUTDOWN.name(),
                USER_CANCEL,
                runId,
                workerId);
        changed.forEach(c -> {
            endAttempt(c);
            publish(c);
        });
        return changed.stream().findFirst().map(c -> c.event().status());
    }

    /**
     * RUNNING → QUEUED (the attempt counted) for runs whose worker stopped heart-beating; → FAILED for those that used
     * up their attempts; → CANCELLED for those a user had asked to cancel. Any process may call this at any time: the
     * row locks make concurrent calls safe.
     */
    @Transactional
    public List<Changed> requeueExpired() {
        List<Changed> changed = jdbc.query(
                """
                update runs set
                    status = case when cancel_requested then ? when attempt >= max_attempts then ? else ? end,
                    status_reason = case when cancel_requested then ? else ? end,
                    status_message = case when cancel_requested then ?
                        when attempt >= max_attempts then format(
                            'worker %%s stopped heart-beating (its lease expired) on attempt %%s of %%s',
                            worker_id, attempt, max_attempts)
                        else format('worker %%s stopped heart-beating '
                            || '(its lease expired); requeued for attempt %%s of %%s',
                            worker_id, attempt + 1, max_attempts) end,
                    attempt = case when cancel_requested or attempt >= max_attempts then attempt else attempt + 1 end,
                    error = case when cancel_requested then null
                                 when attempt >= max_attempts then format(
                                     'worker %%s stopped heart-beating (its lease expired) on attempt %%s of %%s',
                                     worker_id, attempt, max_attempts)
                                 else null end,
                    finished_at = case when cancel_requested or attempt >= max_attempts then clock_timestamp() end,
                    worker_id = case when cancel_requested or attempt >= max_attempts then worker_id end,
                    lease_expires_at = null
                where status = 'RUNNING' and lease_expires_at < clock_timestamp()
                returning %s""".formatted(EVENT_COLUMNS),
                RunStore::changed,
                RunStatus.CANCELLED.name(),
                RunStatus.FAILED.name(),
                RunStatus.QUEUED.name(),
                RunReason.CANCELLED_BY_USER.name(),
                RunReason.LEASE_LOST.name(),
                USER_CANCEL);
        changed.forEach(c -> {
            endAttempt(c);
            publish(c);
        });
        return changed;
    }

    /** QUEUED → CANCELLED, by a user. */
    @Transactional
    public void cancelQueued(long runId) {
        jdbc.query(
                        """
                        update runs set status = ?, status_reason = ?, status_message = ?,
                               finished_at = clock_timestamp()
                        where id = ? and status = 'QUEUED'
                        returning %s""".formatted(EVENT_COLUMNS),
                        RunStore::changed,
                        RunStatus.CANCELLED.name(),
                        RunReason.CANCELLED_BY_USER.name(),
                        USER_CANCEL,
                        runId)
                .forEach(this::publish);
    }

    /** Asks the worker holding a RUNNING run to stop it (it does within one batch, and ends it CANCELLED). */
    @Transactional
    public void requestCancel(long runId) {
        jdbc.query("""
                        update runs set cancel_requested = true where id = ? and status = 'RUNNING'
                        returning %s""".formatted(EVENT_COLUMNS), RunStore::changed, runId).forEach(c -> {
            notices.announceCancel(runId);
            publish(c);
        });
    }

    /** Closes the run's open attempt with the reason of the transition that ended it. */
    private void endAttempt(Changed c) {
        jdbc.update(
                """
                update run_attempts set ended_at = clock_timestamp(), reason = ?, message = ?
                where run_id = ? and ended_at is null""",
                c.event().reason() == null ? null : c.event().reason().name(),
                c.event().message(),
                c.runId());
    }

    /**
     * Sets a run's tags and note (each only when not null; an empty note clears it); false when there is no such run.
     */
    public boolean annotate(long runId, List<String> tags, String note, boolean setNote) {
        return jdbc.update(
                        "update runs set tags = coalesce(?, tags), note = case when ? then ? else note end where id = ?",
                        tags == null ? null : tags.toArray(String[]::new),
                        setNote,
                        note,
                        runId)
                == 1;
    }

    /** Names a run (null clears its name); false when there is no such run. */
    public boolean rename(long runId, String name) {
        return jdbc.update("update runs set name = ? where id = ?", name, runId) == 1;
    }

    /**
     * Deletes a run with everything kept of it: checkpoint and latest values by cascade, the rest by {@link RunData}.
     */
    @Transactional
    public void delete(long runId) {
        for (RunData d : runData) d.deleteRun(runId);
        jdbc.update("delete from runs where id = ?", runId);
        // Its stream's watchers learn it is gone (on commit), and their streams end.
        publish(new Changed(runId, RunStatusEvent.deleted()));
    }

    private void publish(Changed c) {
        notices.publishStatus(c.runId(), RunStatusCodec.toJson(c.event()));
    }

    private static Changed changed(ResultSet rs, int row) throws SQLException {
        String reason = rs.getString(7);
        return new Changed(
                rs.getLong(1),
                new RunStatusEvent(
                        RunStatus.valueOf(rs.getString(2)),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getBoolean(6),
                        reason == null ? null : RunReason.valueOf(reason),
                        rs.getString(8)));
    }
}
