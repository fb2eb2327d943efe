-- Dataset files are stored once by content: two datasets that share a file share its blob.
create table blobs (
    sha256     text   primary key check (length(sha256) = 64),
    size_bytes bigint not null check (size_bytes >= 0),
    content    bytea  not null
);

create table datasets (
    id              bigserial   primary key,
    name            text        not null,
    source          text        not null check (source in ('upload', 'fashion-mnist', 'synthetic', 'url')),
    format          text        not null check (format in ('idx', 'csv', 'synthetic')),
    -- Over the files' hashes in role order (or the synthetic parameters): equal content, one dataset.
    sha256          text        not null unique check (length(sha256) = 64),
    train_size      integer     not null check (train_size > 0),
    test_size       integer     not null check (test_size >= 0),
    sample_shape    integer[]   not null,
    num_classes     integer     check (num_classes > 0),
    class_histogram jsonb,
    options         jsonb       not null default '{}',
    size_bytes      bigint      not null,
    created_at      timestamptz not null default now()
);

create table dataset_files (
    dataset_id bigint not null references datasets (id) on delete cascade,
    role       text   not null check (role in ('train_images', 'train_labels', 'test_images', 'test_labels', 'train_csv', 'test_csv')),
    blob       text   not null references blobs (sha256),
    primary key (dataset_id, role)
);

create index dataset_files_blob on dataset_files (blob);
