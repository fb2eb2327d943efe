package dev.descent.platform.metrics;

import dev.descent.platform.notify.RunNotices;
import dev.descent.platform.runs.RunData;
import dev.descent.spec.MetricPoint;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one write path for metric points: workers and external clients alike hand it batches. A batch is one transaction
 * of three array-parameter statements (points, rollups, latest values) plus a NOTIFY, so its cost per point is a few
 * microseconds and a retried batch changes nothing.
 */
@Component
public class MetricWriter implements RunData {
    private static final Logger log = LoggerFactory.getLogger(MetricWriter.class);
    private static final String UNIQUE_VIOLATION = "23505";

    /** Step widths of the pre-aggregated buckets; a chart reads the widest one finer than it needs. */
    static final long[] ROLLUP_WIDTHS = {64, 512, 4_096, 32_768, 262_144, 2_097_152};

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final RunNotices notices;
    private final long analyzeAfter;
    private final AtomicLong sinceAnalyze = new AtomicLong();
    private final AtomicBoolean analyzing = new AtomicBoolean();

    MetricWriter(JdbcTemplate jdbc, TransactionTemplate tx, RunNotices notices, MetricsProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.notices = notices;
        this.analyzeAfter = properties.analyzeAfter();
    }

    /** ANALYZE after every {@code descent.metrics.analyze-after} points, off the writer's thread, one at a time. */
    private void countForStatistics(int stored) {
        if (sinceAnalyze.addAndGet(stored) < analyzeAfter || !analyzing.compareAndSet(false, true)) return;
        sinceAnalyze.set(0);
        Thread.ofVirtual().name("analyze-metrics").start(() -> {
            try {
                jdbc.execute("analyze metrics");
                jdbc.execute("analyze metric_rollups");
            } catch (RuntimeException e) {
                log.warn("could not ANALYZE the metric tables: {}", e.getMessage());
            } finally {
                analyzing.set(false);
            }
        });
    }

    public void write(long runId, List<MetricPoint> batch) {
        if (batch.isEmpty()) return;
        Instant now = Instant.now();
        List<MetricPoint> points = batch.stream()
                .map(p -> p.timestamp() != null ? p : new MetricPoint(p.key(), p.step(), p.value(), now))
                .toList();
        Integer count = tx.execute(status -> {
            // Metrics are telemetry: a database crash may lose the last fraction of a second of them,
            // which is worth not waiting for a disk flush on every batch (this batch's transaction only).
            jdbc.execute("set local synchronous_commit to off");
            List<MetricPoint> stored = jdbc.execute((Connection c) -> {
                List<MetricPoint> inserted = insertPoints(c, runId, points);
                // Rollups and latest values follow only what was stored, so a point sent again with
                // another value (a resumed run re-logging steps) cannot put a spike in a chart.
                if (!inserted.isEmpty()) {
                    upsertRollups(c, runId, rollups(inserted));
                    upsertLatest(c, runId, summaries(inserted));
                }
                return inserted;
            });
            if (!stored.isEmpty()) announce(runId, stored);
            return stored.size();
        });
        if (count != null && count > 0) countForStatistics(count);
    }

    /**
     * Deletes a run's points and rollups (its latest values go by cascade); the metric tables have no foreign key to
     * runs, as a check per inserted row would slow ingestion.
     */
    @Override
    public void deleteRun(long runId) {
        jdbc.update("delete from metrics where run_id = ?", runId);
        jdbc.update("delete from metric_rollups where run_id = ?", runId);
    }

    /** Delivered on commit, so a listener that reads the points back finds them. */
    private void announce(long runId, List<MetricPoint> points) {
        long from = Long.MAX_VALUE, to = Long.MIN_VALUE;
        Set<String> keys = new LinkedHashSet<>();
        for (MetricPoint p : points) {
            from = Math.min(from, p.step());
            to = Math.max(to, p.step());
            keys.add(p.key());
        }
        notices.publishMetrics(runId, MetricPointCodec.toJson(points), List.copyOf(keys), from, to);
    }

    /** Inserts the points not stored yet, and returns them. */
    private static List<MetricPoint> insertPoints(Connection c, long runId, List<MetricPoint> points)
            throws SQLException {
        int n = points.size();
        String[] keys = new String[n];
        long[] steps = new long[n];
        double[] values = new double[n];
        long[] micros = new long[n];
        for (int i = 0; i < n; i++) {
            MetricPoint p = points.get(i);
            keys[i] = p.key();
            steps[i] = p.step();
            values[i] = p.value();
            micros[i] = toMicros(timestamp(p));
        }
        // Most batches are new points, and a plain insert is about a third cheaper than one that checks for
        // conflicts; a batch that repeats points (a retry, a resumed run) is written again, skipping them.
        Savepoint before = c.setSavepoint();
        try {
            insertPoints(c, runId, keys, steps, values, micros, "");
            c.releaseSavepoint(before);
            return points;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) throw e;
            c.rollback(before);
        }
        List<MetricPoint> inserted = new ArrayList<>();
        try (PreparedStatement ps = insertStatement(
                c, runId, keys, steps, values, micros, " on conflict do nothing returning key, step, value, ts")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(new MetricPoint(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getDouble(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
        }
        c.releaseSavepoint(before);
        return inserted;
    }

    private static void insertPoints(
            Connection c, long runId, String[] keys, long[] steps, double[] values, long[] micros, String onConflict)
            throws SQLException {
        try (PreparedStatement ps = insertStatement(c, runId, keys, steps, values, micros, onConflict)) {
            ps.executeUpdate();
        }
    }

    private static PreparedStatement insertStatement(
            Connection c, long runId, String[] keys, long[] steps, double[] values, long[] micros, String tail)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement("""
                insert into metrics (run_id, key, step, value, ts)
                select ?, k, s, v, timestamptz 'epoch' + t * interval '1 microsecond'
                from unnest(?::text[], ?::bigint[], ?::float8[], ?::bigint[]) as u(k, s, v, t)""" + tail);
        try {
            ps.setLong(1, runId);
            ps.setArray(2, array(c, "text", keys));
            ps.setArray(3, array(c, "int8", steps));
            ps.setArray(4, array(c, "float8", values));
            ps.setArray(5, array(c, "int8", micros));
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static void upsertRollups(Connection c, long runId, List<Rollup> rollups) throws SQLException {
        int n = rollups.size();
        String[] keys = new String[n];
        long[] widths = new long[n], buckets = new long[n], lastSteps = new long[n];
        double[] mins = new double[n], maxs = new double[n], lastValues = new double[n];
        for (int i = 0; i < n; i++) {
            Rollup r = rollups.get(i);
            keys[i] = r.key;
            widths[i] = r.width;
            buckets[i] = r.bucket;
            mins[i] = r.min;
            maxs[i] = r.max;
            lastSteps[i] = r.lastStep;
            lastValues[i] = r.lastValue;
        }
        // A point already stored is not re-counted: min/max are idempotent, and "last" only moves to a
        // later step, matching the points table, where the first write of a (key, step) wins.
        try (PreparedStatement ps = c.prepareStatement("""
                insert into metric_rollups as r (run_id, key, width, bucket, min, max, last_step, last_value)
                select ?, * from unnest(
                    ?::text[], ?::bigint[], ?::bigint[], ?::float8[], ?::float8[], ?::bigint[], ?::float8[])
                on conflict (run_id, key, width, bucket) do update set
                    min = least(r.min, excluded.min),
                    max = greatest(r.max, excluded.max),
                    last_value = case when excluded.last_step > r.last_step
                        then excluded.last_value else r.last_value end,
                    last_step = greatest(r.last_step, excluded.last_step)""")) {
            ps.setLong(1, runId);
            ps.setArray(2, array(c, "text", keys));
            ps.setArray(3, array(c, "int8", widths));
            ps.setArray(4, array(c, "int8", buckets));
            ps.setArray(5, array(c, "float8", mins));
            ps.setArray(6, array(c, "float8", maxs));
            ps.setArray(7, array(c, "int8", lastSteps));
            ps.setArray(8, array(c, "float8", lastValues));
            ps.executeUpdate();
        }
    }

    private static void upsertLatest(Connection c, long runId, List<KeySummary> summaries) throws SQLException {
        int n = summaries.size();
        String[] keys = new String[n];
        long[] steps = new long[n], micros = new long[n];
        double[] values = new double[n];
        Double[] bests = new Double[n];
        Long[] bestSteps = new Long[n];
        boolean[] lower = new boolean[n];
        for (int i = 0; i < n; i++) {
            KeySummary k = summaries.get(i);
            MetricPoint p = k.latest();
            keys[i] = p.key();
            steps[i] = p.step();
            values[i] = p.value();
            micros[i] = toMicros(timestamp(p));
            bests[i] = k.best();
            bestSteps[i] = k.best() == null ? null : k.bestStep();
            lower[i] = lowerIsBetter(p.key());
        }
        // The newest value moves only to a later step; the best only to a strictly better finite value, or to an
        // equal one at an earlier step (a resumed run's batches may arrive out of order).
        try (PreparedStatement ps = c.prepareStatement("""
                insert into latest_metrics as l (run_id, key, step, value, ts, best_value, best_step)
                select ?, k, s, v, timestamptz 'epoch' + t * interval '1 microsecond', b, bs
                from unnest(?::text[], ?::bigint[], ?::float8[], ?::bigint[], ?::float8[], ?::bigint[], ?::boolean[])
                    as u(k, s, v, t, b, bs, lo)
                on conflict (run_id, key) do update set
                    step = greatest(l.step, excluded.step),
                    value = case when excluded.step > l.step then excluded.value else l.value end,
                    ts = case when excluded.step > l.step then excluded.ts else l.ts end,
                    best_value = case when %1$s then excluded.best_value else l.best_value end,
                    best_step = case when %1$s then excluded.best_step else l.best_step end
                where excluded.step > l.step or %1$s""".formatted("""
                (excluded.best_value is not null and (l.best_value is null
                    or (case when lower(regexp_replace(l.key, '^.*/', '')) ~ '(loss|error)'
                             then excluded.best_value < l.best_value else excluded.best_value > l.best_value end)
                    or (excluded.best_value = l.best_value and excluded.best_step < l.best_step)))"""))) {
            ps.setLong(1, runId);
            ps.setArray(2, array(c, "text", keys));
            ps.setArray(3, array(c, "int8", steps));
            ps.setArray(4, array(c, "float8", values));
            ps.setArray(5, array(c, "int8", micros));
            ps.setArray(6, array(c, "float8", bests));
            ps.setArray(7, array(c, "int8", bestSteps));
            ps.setArray(8, array(c, "bool", lower));
            ps.executeUpdate();
        }
    }

    /**
     * Whether smaller is better for {@code key}: its last path segment names a loss or an error ({@code train/loss},
     * {@code val/error_rate}); for every other key (accuracy, throughput, lr...) larger is. The SQL of V10 and of
     * {@link #upsertLatest} says the same.
     */
    public static boolean lowerIsBetter(String key) {
        String last = key.substring(key.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
        return last.contains("loss") || last.contains("error");
    }

    /** A key's newest point in a batch and its best finite value (null when it has none) with that value's step. */
    record KeySummary(MetricPoint latest, Double best, long bestStep) {}

    /** Per key, sorted so that concurrent writers lock rows in one order. */
    static List<KeySummary> summaries(List<MetricPoint> points) {
        Map<String, MetricPoint> latest = new TreeMap<>();
        Map<String, MetricPoint> best = new HashMap<>();
        for (MetricPoint p : points) {
            latest.merge(p.key(), p, (a, b) -> b.step() > a.step() ? b : a);
            if (!Double.isFinite(p.value())) continue;
            boolean lower = lowerIsBetter(p.key());
            best.merge(p.key(), p, (a, b) -> {
                int cmp = Double.compare(b.value(), a.value());
                if (cmp == 0) return b.step() < a.step() ? b : a;
                return (lower ? cmp < 0 : cmp > 0) ? b : a;
            });
        }
        List<KeySummary> out = new ArrayList<>();
        for (MetricPoint l : latest.values()) {
            MetricPoint b = best.get(l.key());
            out.add(new KeySummary(l, b == null ? null : b.value(), b == null ? 0 : b.step()));
        }
        return out;
    }

    /** The batch's contribution to every rollup bucket, sorted so that concurrent writers lock rows in one order. */
    static List<Rollup> rollups(List<MetricPoint> points) {
        Map<Rollup.Id, Rollup> byId = new HashMap<>();
        for (MetricPoint p : points) {
            for (long width : ROLLUP_WIDTHS) {
                long bucket = Math.floorDiv(p.step(), width);
                Rollup r = byId.get(new Rollup.Id(p.key(), width, bucket));
                if (r == null)
                    byId.put(
                            new Rollup.Id(p.key(), width, bucket),
                            new Rollup(p.key(), width, bucket, p.value(), p.value(), p.step(), p.value()));
                else r.add(p.step(), p.value());
            }
        }
        List<Rollup> sorted = new ArrayList<>(byId.values());
        sorted.sort(Comparator.comparing((Rollup r) -> new Rollup.Id(r.key, r.width, r.bucket)));
        return sorted;
    }

    private static Instant timestamp(MetricPoint p) {
        return p.timestamp();
    }

    private static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    private static Array array(Connection c, String type, Object values) throws SQLException {
        return c.unwrap(PGConnection.class).createArrayOf(type, values);
    }

    /** min, max and the last point of one bucket; NaN orders above every number, as PostgreSQL orders it. */
    static final class Rollup {
        record Id(String key, long width, long bucket) implements Comparable<Id> {
            @Override
            public int compareTo(Id o) {
                int c = key.compareTo(o.key);
                if (c != 0) return c;
                c = Long.compare(width, o.width);
                return c != 0 ? c : Long.compare(bucket, o.bucket);
            }
        }

        final String key;
        final long width, bucket;
        double min, max, lastValue;
        long lastStep;

        Rollup(String key, long width, long bucket, double min, double max, long lastStep, double lastValue) {
            this.key = key;
            this.width = width;
            this.bucket = bucket;
            this.min = min;
            this.max = max;
            this.lastStep = lastStep;
            this.lastValue = lastValue;
        }

        void add(long step, double value) {
            if (Double.compare(value, min) < 0) min = value;
            if (Double.compare(value, max) > 0) max = value;
            if (step > lastStep) {
                lastStep = step;
                lastValue = value;
            }
        }
    }
}
