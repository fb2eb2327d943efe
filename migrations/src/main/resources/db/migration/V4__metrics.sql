-- A (run, key, step) is stored once: a retried batch or a resumed run cannot duplicate a point.
-- Keys compare bytewise (collate "C"): cheaper than locale rules on every index insert.
-- No foreign key to runs: a check per inserted row would slow ingestion; the run service deletes
-- a run's metrics in the same transaction as the run.
create table metrics (
    run_id bigint           not null,
    key    text collate "C" not null,
    step   bigint           not null,
    value  double precision not null,
    ts     timestamptz      not null,
    primary key (run_id, key, step)
);

-- min/max/last per fixed-width step bucket at a few widths (64, 512, 4096, ...), kept current on every
-- write, so a chart of a million points reads a few thousand rows instead of scanning them all.
create table metric_rollups (
    run_id     bigint           not null,
    key        text collate "C" not null,
    width      bigint           not null,
    bucket     bigint           not null,
    min        double precision not null,
    max        double precision not null,
    last_step  bigint           not null,
    last_value double precision not null,
    primary key (run_id, key, width, bucket) include (min, max, last_step, last_value)
);

-- The newest point per key, so that run lists never touch the big table.
create table latest_metrics (
    run_id bigint           not null references runs (id) on delete cascade,
    key    text collate "C" not null,
    step   bigint           not null,
    value  double precision not null,
    ts     timestamptz      not null,
    primary key (run_id, key)
);
