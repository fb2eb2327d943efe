-- External runs: a user's own training script logs to the platform under a run it created (engine 'external'). Such
-- a run starts RUNNING with no worker, and no lease, so no worker ever claims it and the reaper never requeues it; its
-- owner ends it. It may name no model of the platform's, so a run's model is required only of runs a worker trains.
alter table runs alter column model_id drop not null;
alter table runs add constraint runs_model_unless_external check (engine = 'external' or model_id is not null);
