-- Every claim of a run is an attempt: which worker took it, on which device, and how that attempt ended (the
-- RunReason: COMPLETED, LEASE_LOST, WORKER_SHUTDOWN...), so a run that was requeued shows where and why. A claim after a
-- worker shutdown does not count against max_attempts (runs.attempt stays), so number counts claims, attempt the
-- run's attempt at the time.
create table run_attempts (
    run_id     bigint      not null references runs (id) on delete cascade,
    number     integer     not null check (number >= 1),
    attempt    integer     not null,
    worker_id  text        not null,
    device     text        not null,
    claimed_at timestamptz not null default clock_timestamp(),
    ended_at   timestamptz,
    reason     text check (reason in (
        'COMPLETED', 'NO_IMPROVEMENT', 'CANCELLED_BY_USER', 'STOPPED_EARLY', 'TIMED_OUT', 'DIVERGED', 'ERROR',
        'LEASE_LOST', 'WORKER_SHUTDOWN')),
    message    text,
    primary key (run_id, number)
);

-- Runs claimed before this table existed: their one known attempt, from what the run row remembers.
insert into run_attempts (run_id, number, attempt, worker_id, device, claimed_at, ended_at, reason, message)
select id, 1, attempt, worker_id, device, coalesce(claimed_at, started_at), finished_at, status_reason, status_message
from runs where worker_id is not null and started_at is not null;
