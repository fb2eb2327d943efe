-- Accounts: who may read, change and administer the platform (see the security package).
create table users (
    id            bigserial   primary key,
    username      text        not null unique check (length(username) between 1 and 64),
    -- Argon2id in Spring Security's encoded form; null: the account signs in with a token only (the first admin,
    -- until it sets a password).
    password_hash text,
    role          text        not null check (role in ('ADMIN', 'MEMBER', 'VIEWER')),
    disabled      boolean     not null default false,
    created_at    timestamptz not null default now()
);

-- Personal API tokens. The secret is shown once, when created; only its SHA-256 is kept (a random 256-bit secret needs
-- no slow hash), with a short prefix so a list can show which token is which.
create table api_tokens (
    id           bigserial   primary key,
    user_id      bigint      not null references users (id) on delete cascade,
    name         text        not null check (length(name) between 1 and 100),
    token_hash   text        not null unique,
    prefix       text        not null,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz
);

create index api_tokens_user on api_tokens (user_id, created_at);
