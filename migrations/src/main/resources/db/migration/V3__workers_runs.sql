create table workers (
    id             text        primary key,
    host           text        not null,
    pid            bigint      not null,
    cpu_cores      integer     not null,
    memory_mb      bigint      not null,
    gpu_name       text,
    gpu_memory_mb  bigint,
    state          text        not null check (state in ('IDLE', 'BUSY', 'STOPPING', 'OFFLINE')),
    current_run_id bigint,
    started_at     timestamptz not null default now(),
    last_heartbeat timestamptz not null default now()
);

-- A run is also its own queue entry: QUEUED rows are the queue, RUNNING rows hold a lease.
create table runs (
    id               bigserial   primary key,
    experiment_id    bigint      not null references experiments (id),
    -- A finished run keeps its record when its dataset is deleted (deletion is refused while a run is active).
    dataset_id       bigint      references datasets (id) on delete set null,
    model_id         bigint      not null references models (id),
    name             text,
    config           jsonb       not null,
    engine           text        not null,
    device           text        not null check (device in ('auto', 'cpu', 'cuda')),
    priority         integer     not null default 0,
    status           text        not null check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    attempt          integer     not null default 1 check (attempt >= 1),
    max_attempts     integer     not null check (max_attempts >= 1),
    worker_id        text        references workers (id) on delete set null,
    lease_expires_at timestamptz,
    cancel_requested boolean     not null default false,
    error            text,
    result           jsonb,
    created_at       timestamptz not null default clock_timestamp(),
    queued_at        timestamptz not null default clock_timestamp(),
    claimed_at       timestamptz,
    started_at       timestamptz,
    finished_at      timestamptz
);

alter table workers add constraint workers_current_run foreign key (current_run_id) references runs (id) on delete set null;

-- The claim query walks this index: highest priority first, then oldest.
create index runs_queue on runs (priority desc, queued_at, id) where status = 'QUEUED';
create index runs_lease on runs (lease_expires_at) where status = 'RUNNING';
create index runs_experiment on runs (experiment_id, created_at);
create index runs_dataset on runs (dataset_id);
create index runs_model on runs (model_id);

-- Only the latest checkpoint matters for a resume, so a run keeps one.
create table checkpoints (
    run_id     bigint      primary key references runs (id) on delete cascade,
    epoch      integer     not null,
    step       bigint      not null,
    attempt    integer     not null,
    content    bytea       not null,
    created_at timestamptz not null default now()
);
