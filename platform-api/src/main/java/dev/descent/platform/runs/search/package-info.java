/**
 * The run filter language of {@code GET /api/runs?filter=}: a hand-written lexer and recursive-descent parser
 * ({@link dev.descent.platform.runs.search.FilterParser}) into a syntax tree of records
 * ({@link dev.descent.platform.runs.search.RunFilter}), which {@link dev.descent.platform.runs.search.RunSearchSql}
 * turns into a WHERE clause and an ORDER BY of whitelisted column expressions whose every value is a bound parameter:
 * nothing a client writes is ever pasted into SQL. It may import {@code web} (problem details) and {@code runs}
 * ({@code RunStatus}); it owns no table and reads {@code runs}, {@code latest_metrics}, {@code run_attempts} and the
 * names of datasets and models.
 */
package dev.descent.platform.runs.search;
