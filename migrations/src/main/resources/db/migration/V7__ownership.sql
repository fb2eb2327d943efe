-- Every experiment, run, model and dataset has an owner; only the owner or an admin changes or deletes it. Rows that
-- predate accounts have none, so only an admin changes them.
alter table experiments add column owner_id bigint references users (id) on delete set null;
alter table runs add column owner_id bigint references users (id) on delete set null;
alter table models add column owner_id bigint references users (id) on delete set null;
alter table datasets add column owner_id bigint references users (id) on delete set null;

-- Identical datasets are stored once and shared: each user who created one holds a reference, deleting "yours" drops
-- your reference, and the dataset goes with its last one.
create table dataset_refs (
    dataset_id bigint      not null references datasets (id) on delete cascade,
    user_id    bigint      not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (dataset_id, user_id)
);
create index dataset_refs_user on dataset_refs (user_id);
