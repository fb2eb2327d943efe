/**
 * PostgreSQL's LISTEN/NOTIFY as the platform uses it: the one listening connection per process
 * ({@link dev.descent.platform.notify.PgListener}), its {@link dev.descent.platform.notify.Channel channels}, sending
 * in the caller's transaction (delivered on commit, dropped on rollback) and the run-events payload
 * ({@link dev.descent.platform.notify.RunNotice}). It carries JSON it does not interpret; it may import Spring JDBC,
 * Jackson and the PostgreSQL driver, and no feature package.
 */
package dev.descent.platform.notify;
