-- A model config never changes once stored: an edit is a new row with the next version of the same name.
create table models (
    id          bigserial   primary key,
    name        text        not null,
    version     integer     not null check (version >= 1),
    spec        jsonb       not null,
    parameters  bigint      not null check (parameters >= 0),
    summary     jsonb       not null,
    created_at  timestamptz not null default now(),
    unique (name, version)
);

create table experiments (
    id          bigserial   primary key,
    name        text        not null unique,
    description text,
    created_at  timestamptz not null default now()
);
