-- Run rows carry their results: beside each key's newest value, its best value and the step it came at, kept by the
-- same upsert as the newest value, so that listing, sorting and filtering runs by a metric never reads the points.
-- Best is the minimum for keys whose last path segment contains "loss" or "error" (train/loss, val/error_rate), else
-- the maximum; NaN and infinities never count as best (null until a finite value arrives). On a tie the earlier step
-- stays best.
alter table latest_metrics add column best_value double precision;
alter table latest_metrics add column best_step bigint;

update latest_metrics l set best_value = b.value, best_step = b.step
from (select distinct on (m.run_id, m.key) m.run_id, m.key, m.value, m.step
      from metrics m
      where m.value not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)
      order by m.run_id, m.key,
               case when lower(regexp_replace(m.key, '^.*/', '')) ~ '(loss|error)' then m.value end asc,
               case when lower(regexp_replace(m.key, '^.*/', '')) ~ '(loss|error)' then null else m.value end desc,
               m.step) b
where l.run_id = b.run_id and l.key = b.key;

-- A run's tags ("owner=ana" or a plain label "baseline") and a free-text note, both edited by its owner. The GIN index
-- serves "tag = 'baseline'" (tags @> array[...]) filters.
alter table runs add column tags text[] not null default '{}';
alter table runs add column note text;
create index runs_tags on runs using gin (tags);
