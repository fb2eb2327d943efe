-- A sweep: many runs made from one base config by varying named parameters (grid, random) or the optimizer (the
-- optimizer shoot-out), judged by one metric. spec keeps the request as given (base, parameters, earlyStopping,
-- optimizers, lrs...) so a sweep can be shown and repeated; the columns are what is queried.
create table sweeps (
    id            bigserial   primary key,
    experiment_id bigint      not null references experiments (id),
    owner_id      bigint      references users (id) on delete set null,
    name          text,
    kind          text        not null check (kind in ('GRID', 'RANDOM', 'OPTIMIZER_SHOOTOUT')),
    status        text        not null check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    spec          jsonb       not null,
    metric        text        not null,
    goal          text        not null check (goal in ('MAXIMIZE', 'MINIMIZE')),
    seed          bigint      not null,
    max_runs      integer     not null check (max_runs between 1 and 1000),
    -- What the shoot-out measured before queueing its runs: the learning-rate range test per optimizer.
    shootout      jsonb,
    created_at    timestamptz not null default clock_timestamp()
);
create index sweeps_experiment on sweeps (experiment_id, created_at desc, id desc);

-- A run made by a sweep. Deleting a sweep deletes its runs first (the API refuses while any is active); the
-- set-null is only the backstop for a sweep row removed by hand. Deleting one run of a sweep just leaves the sweep
-- with one run fewer.
alter table runs add column sweep_id bigint references sweeps (id) on delete set null;
create index runs_sweep on runs (sweep_id) where sweep_id is not null;
