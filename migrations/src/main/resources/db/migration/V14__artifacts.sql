-- What a run leaves behind: every checkpoint its workers took and, once it has succeeded, its final model, each a
-- safetensors file. Small ones live here (content); past descent.artifacts.inline-max-bytes they go to a directory on
-- disk (descent.artifacts.directory) and this row keeps their path and SHA-256, so a download can be checked and an
-- ETag given without reading the file. Rows go with their run (on delete cascade); the platform deletes the files in
-- the run's delete transaction's aftermath, so nothing is orphaned.
create table artifacts (
    id         bigserial   primary key,
    run_id     bigint      not null references runs (id) on delete cascade,
    name       text        not null check (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$'),
    kind       text        not null check (kind in ('CHECKPOINT', 'MODEL')),
    size       bigint      not null check (size >= 0),
    sha256     text        not null check (sha256 ~ '^[0-9a-f]{64}$'),
    content    bytea,
    -- relative to the configured directory; set exactly when content is not
    path       text,
    epoch      integer,
    step       bigint,
    created_at timestamptz not null default now(),
    unique (run_id, name),
    check ((content is null) <> (path is null))
);
