-- ASHA's record: the metric each run of a sweep had when it reached a rung (an epoch minResource * eta^k), and whether
-- it was let go on. A run reaches a rung once: a resumed run that reports the same rung again gets the same verdict.
-- Decisions for one sweep are serialised by locking its sweeps row, so id order is the order they were made in.
create table sweep_rungs (
    id         bigserial        primary key,
    sweep_id   bigint           not null references sweeps (id) on delete cascade,
    run_id     bigint           not null references runs (id) on delete cascade,
    rung       integer          not null check (rung >= 0),
    epoch      integer          not null check (epoch >= 1),
    value      double precision not null,
    promoted   boolean          not null,
    decided_at timestamptz      not null default clock_timestamp(),
    unique (sweep_id, rung, run_id)
);
create index sweep_rungs_run on sweep_rungs (run_id);
