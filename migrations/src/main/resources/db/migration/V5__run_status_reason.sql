-- Why a run is in its status: how it ended (a user cancelled it, a sweep stopped it early, it diverged...) or why it
-- went back to the queue (its worker lost its lease or shut down). Null while a run is simply queued or running.
-- The values are the platform's RunReason enum; status_message says the same in words ("stopped early by ASHA at
-- epoch 3"). The error column keeps a FAILED run's error, as before.
alter table runs add column status_reason text check (status_reason in (
    'COMPLETED', 'NO_IMPROVEMENT', 'CANCELLED_BY_USER', 'STOPPED_EARLY', 'TIMED_OUT', 'DIVERGED', 'ERROR',
    'LEASE_LOST', 'WORKER_SHUTDOWN'));
alter table runs add column status_message text;

-- Runs that ended before this column existed: what their result and error still tell.
update runs set status_reason = case
        when status = 'SUCCEEDED' and result ->> 'status' = 'EARLY_STOPPED' then 'NO_IMPROVEMENT'
        when status = 'SUCCEEDED' then 'COMPLETED'
        when status = 'CANCELLED' then 'CANCELLED_BY_USER'
        when status = 'FAILED' and result ->> 'status' = 'DIVERGED' then 'DIVERGED'
        when status = 'FAILED' and error like 'worker % stopped heart-beating%' then 'LEASE_LOST'
        else 'ERROR' end,
    status_message = case
        when status = 'SUCCEEDED' and result ->> 'status' = 'EARLY_STOPPED' then result ->> 'message'
        when status = 'SUCCEEDED' then 'completed'
        when status = 'CANCELLED' then 'cancelled by a user'
        else error end
where status in ('SUCCEEDED', 'FAILED', 'CANCELLED');
