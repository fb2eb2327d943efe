-- A worker's credential for the one run it holds: made at each claim, kept only as its SHA-256, good while the run is
-- RUNNING under that claim. With it a worker outside the database's reach may log the run's metrics over HTTP.
alter table runs add column lease_token_hash text;
create unique index runs_lease_token on runs (lease_token_hash) where lease_token_hash is not null;
