-- A run's wall-clock budget (timeoutMinutes): past it, the worker stops it and it ends FAILED with reason TIMED_OUT.
-- Counted from its first start, so a resumed run does not get a fresh budget.
alter table runs add column timeout_minutes integer check (timeout_minutes between 1 and 525600);
