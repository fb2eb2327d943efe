package dev.descent.platform.metrics;

import dev.descent.platform.runs.LatestMetrics;
import dev.descent.platform.runs.RunView;
import dev.descent.spec.MetricPoint;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a metric as a chart needs it: every point when there are few, otherwise at most {@code maxPoints} buckets with
 * min, max and last each, so a spike is never averaged away. Long series are read from the rollup table (a few thousand
 * rows at most) rather than from the points themselves. Buckets are aligned to multiples of their width and always
 * summarise their whole width, so the same bucket reads the same whatever range was asked for.
 */
@Component
public class MetricQueries implements LatestMetrics {
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;

    MetricQueries(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    public record Point(long step, double value, Instant timestamp) {}

    public record Bucket(long fromStep, long toStep, double min, double max, double last, long lastStep) {}

    /**
     * @param bucketWidth steps per bucket; 1 when the points are raw
     * @param points the raw points, or null when downsampled
     * @param buckets the buckets, or null when raw
     */
    public record Series(
            String key,
            boolean downsampled,
            long fromStep,
            long toStep,
            long bucketWidth,
            List<Point> points,
            List<Bucket> buckets) {}

    /** From the latest-value table, one query for all the runs: run lists never touch the points. */
    @Override
    public Map<Long, Map<String, RunView.Summary>> of(List<Long> runIds) {
        Map<Long, Map<String, RunView.Summary>> out = new HashMap<>();
        if (runIds.isEmpty()) return out;
        jdbc.query(
                "select run_id, key, step, value, ts, best_value, best_step from latest_metrics where run_id = any(?)",
                rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>())
                            .put(
                                    rs.getString(2),
                                    new RunView.Summary(
                                            new RunView.Latest(
                                                    rs.getLong(3),
                                                    rs.getDouble(4),
                                                    rs.getObject(5, OffsetDateTime.class)
                                                            .toInstant()),
                                            rs.getObject(6, Double.class),
                                            rs.getObject(7, Long.class)));
                },
                (Object) runIds.toArray(Long[]::new));
        return out;
    }

    /** The points of some keys in a step range, by step then key: what a live stream missed from a NOTIFY. */
    public List<MetricPoint> points(long runId, List<String> keys, long fromStep, long toStep) {
        return jdbc.query(
                "select key, step, value, ts from metrics where run_id = ? and key = any(?) and step between ? and ? order by step, key",
                (rs, i) -> new MetricPoint(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getDouble(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()),
                runId,
                keys.toArray(String[]::new),
                fromStep,
                toStep);
    }

    /** Every point of the run as CSV ({@code key,step,value,timestamp}), copied straight out of PostgreSQL. */
    public void csv(long runId, OutputStream out) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            // COPY takes no parameters; the id is a long, so inlining it is safe. A key a spreadsheet would take for a
            // formula (starting with = + - @, tab or carriage return) is prefixed with ' (OWASP's CSV injection rule).
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("""
                    copy (select case when key ~ '^[-=+@\t\r]' then '''' || key else key end as key, step, value,
                                 to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as timestamp
                          from metrics where run_id = %d order by key, step) to stdout with (format csv, header)""".formatted(runId), out);
        } catch (SQLException e) {
            throw new IOException("could not export run " + runId + "'s metrics: " + e.getMessage(), e);
        }
    }

    public List<String> keys(long runId) {
        return jdbc.queryForList("select key from latest_metrics where run_id = ? order by key", String.class, runId);
    }

    public Series series(long runId, String key, int maxPoints, Long fromStep, Long toStep) {
        long lo = fromStep == null ? 0 : fromStep;
        long hi = toStep == null ? Long.MAX_VALUE : toStep;
        Long first = jdbc.queryForObject(
                "select min(step) from metrics where run_id = ? and key = ? and step between ? and ?",
                Long.class,
                runId,
                key,
                lo,
                hi);
        if (first == null) return new Series(key, false, lo, lo, 1, List.of(), null);
        Long last = jdbc.queryForObject(
                "select max(step) from metrics where run_id = ? and key = ? and step between ? and ?",
                Long.class,
                runId,
                key,
                lo,
                hi);
        lo = first;
        hi = last;
        Integer few = jdbc.queryForObject(
                "select count(*) from (select 1 from metrics where run_id = ? and key = ? and step between ? and ? limit ?) f",
                Integer.class,
                runId,
                key,
                lo,
                hi,
                maxPoints + 1);
        if (few <= maxPoints) return new Series(key, false, lo, hi, 1, raw(runId, key, lo, hi), null);

        long span = hi - lo + 1;
        long target = Math.ceilDiv(span, maxPoints);
        long level = 0;
        for (long w : MetricWriter.ROLLUP_WIDTHS) if (w <= target) level = w;
        long unit = level == 0 ? 1 : level;
        long width = Math.ceilDiv(target, unit) * unit;
        // Buckets are aligned to multiples of their width, which can add one at the edges.
        while (Math.floorDiv(hi, width) - Math.floorDiv(lo, width) + 1 > maxPoints) width += unit;
        List<Bucket> buckets =
                level == 0 ? fromPoints(runId, key, lo, hi, width) : fromRollups(runId, key, lo, hi, level, width);
        return new Series(key, true, lo, hi, width, null, buckets);
    }

    private List<Point> raw(long runId, String key, long lo, long hi) {
        return jdbc.query(
                "select step, value, ts from metrics where run_id = ? and key = ? and step between ? and ? order by step",
                (rs, i) -> new Point(
                        rs.getLong(1),
                        rs.getDouble(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant()),
                runId,
                key,
                lo,
                hi);
    }

    private List<Bucket> fromPoints(long runId, String key, long lo, long hi, long width) {
        return jdbc.query(
                """
                        select step / ? as b, min(value), max(value), (array_agg(value order by step desc))[1],
                            max(step)
                        from metrics where run_id = ? and key = ? and step between ? and ?
                        group by b order by b""",
                (rs, i) -> {
                    long b = rs.getLong(1);
                    return new Bucket(
                            b * width,
                            b * width + width - 1,
                            rs.getDouble(2),
                            rs.getDouble(3),
                            rs.getDouble(4),
                            rs.getLong(5));
                },
                width,
                runId,
                key,
                alignDown(lo, width),
                alignUp(hi, width));
    }

    /** Merges consecutive rollup buckets of {@code level} steps into buckets of {@code width} (a multiple of it). */
    private List<Bucket> fromRollups(long runId, String key, long lo, long hi, long level, long width) {
        List<Bucket> out = new ArrayList<>();
        jdbc.query(
                """
                        select bucket, min, max, last_step, last_value from metric_rollups
                        where run_id = ? and key = ? and width = ? and bucket between ? and ? order by bucket""",
                rs -> {
                    long b = Math.floorDiv(rs.getLong(1) * level, width);
                    double min = rs.getDouble(2), max = rs.getDouble(3), lastValue = rs.getDouble(5);
                    long lastStep = rs.getLong(4);
                    Bucket prev = out.isEmpty() ? null : out.getLast();
                    if (prev != null && prev.fromStep() == b * width) {
                        out.set(
                                out.size() - 1,
                                new Bucket(
                                        prev.fromStep(),
                                        prev.toStep(),
                                        Double.compare(min, prev.min()) < 0 ? min : prev.min(),
                                        Double.compare(max, prev.max()) > 0 ? max : prev.max(),
                                        lastStep > prev.lastStep() ? lastValue : prev.last(),
                                        Math.max(lastStep, prev.lastStep())));
                    } else {
                        out.add(new Bucket(b * width, b * width + width - 1, min, max, lastValue, lastStep));
                    }
                },
                runId,
                key,
                level,
                alignDown(lo, width) / level,
                alignUp(hi, width) / level);
        return out;
    }

    /**
     * Above this many points to aggregate at once, a comparison reads the finest rollup instead of the points, even
     * when that gives fewer buckets than asked for: a hundred runs' raw points would take seconds to group.
     */
    static final long RAW_BUDGET = 200_000;

    /** One bucket of a shared grid: its first step, min, max and last value, and the last point's step and time. */
    public record GridBucket(long fromStep, double min, double max, double last, long lastStep, Instant lastTime) {}

    /**
     * Many runs' series on one step grid: every run and key is cut at the same bucket boundaries ({@code bucketWidth}
     * steps from 0), so bucket i of one run lines up with bucket i of another.
     *
     * @param buckets by run id, then key; runs and keys without points are absent
     */
    public record Grid(long bucketWidth, Map<Long, Map<String, List<GridBucket>>> buckets) {}

    /**
     * Reads {@code keys} of {@code runIds} on a shared grid of at most about {@code maxPoints} buckets across the steps
     * any of them logged, in one statement: raw points when they fit, else buckets merged from the rollups (or, for
     * fine buckets over few points, grouped from the points). {@code withTimes} adds each bucket's last point's time,
     * at the cost of one index lookup per bucket.
     */
    public Grid grid(List<Long> runIds, List<String> keys, int maxPoints, boolean withTimes) {
        Long[] runs = runIds.toArray(Long[]::new);
        String[] ks = keys.toArray(String[]::new);
        long[] range = {Long.MAX_VALUE, Long.MIN_VALUE, 0};
        jdbc.query(
                """
                select l.step, (select min(m.step) from metrics m where m.run_id = l.run_id and m.key = l.key)
                from latest_metrics l where l.run_id = any(?) and l.key = any(?)""",
                rs -> {
                    long hi = rs.getLong(1), lo = rs.getLong(2);
                    range[0] = Math.min(range[0], lo);
                    range[1] = Math.max(range[1], hi);
                    range[2] += hi - lo + 1;
                },
                runs,
                ks);
        Map<Long, Map<String, List<GridBucket>>> out = new HashMap<>();
        if (range[0] > range[1]) return new Grid(1, out);
        long lo = range[0], hi = range[1];
        long target = Math.ceilDiv(hi - lo + 1, maxPoints);
        long level = 0;
        for (long w : MetricWriter.ROLLUP_WIDTHS) if (w <= target) level = w;
        if (level == 0 && target > 1 && range[2] > RAW_BUDGET) level = MetricWriter.ROLLUP_WIDTHS[0];
        long unit = level == 0 ? 1 : level;
        long width = Math.max(unit, Math.ceilDiv(target, unit) * unit);
        while (Math.floorDiv(hi, width) - Math.floorDiv(lo, width) + 1 > maxPoints && width >= target) width += unit;
        String inner;
        List<Object> params = new ArrayList<>();
        if (width == 1) {
            inner = """
                    select run_id, key, step as b, value as mn, value as mx, value as lv, step as ls from metrics
                    where run_id = any(?) and key = any(?) and step between ? and ?""";
            params.addAll(List.of(runs, ks, lo, hi));
        } else if (level == 0) {
            inner = """
                    select run_id, key, step / ? as b, min(value) as mn, max(value) as mx,
                           (array_agg(value order by step desc))[1] as lv, max(step) as ls
                    from metrics where run_id = any(?) and key = any(?) and step between ? and ?
                    group by run_id, key, b""";
            params.addAll(List.of(width, runs, ks, alignDown(lo, width), alignUp(hi, width)));
        } else if (width == level) {
            // The rollup rows are the buckets: read them as they are, in the primary key's order.
            inner = """
                    select run_id, key, bucket as b, min as mn, max as mx, last_value as lv, last_step as ls
                    from metric_rollups where run_id = any(?) and key = any(?) and width = ? and bucket between ? and ?""";
            params.addAll(List.of(runs, ks, level, alignDown(lo, width) / level, alignUp(hi, width) / level));
        } else {
            inner = """
                    select run_id, key, bucket / ? as b, min(min) as mn, max(max) as mx,
                           (array_agg(last_value order by last_step desc))[1] as lv, max(last_step) as ls
                    from metric_rollups where run_id = any(?) and key = any(?) and width = ? and bucket between ? and ?
                    group by run_id, key, b""";
            params.addAll(
                    List.of(width / level, runs, ks, level, alignDown(lo, width) / level, alignUp(hi, width) / level));
        }
        String time = withTimes
                ? "(select m.ts from metrics m where m.run_id = q.run_id and m.key = q.key and m.step = q.ls)"
                : "null::timestamptz";
        long w = width;
        jdbc.query(
                "select q.run_id, q.key, q.b, q.mn, q.mx, q.lv, q.ls, " + time + " from (" + inner
                        + ") q order by q.run_id, q.key, q.b",
                rs -> {
                    OffsetDateTime t = rs.getObject(8, OffsetDateTime.class);
                    out.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                            .add(new GridBucket(
                                    rs.getLong(3) * w,
                                    rs.getDouble(4),
                                    rs.getDouble(5),
                                    rs.getDouble(6),
                                    rs.getLong(7),
                                    t == null ? null : t.toInstant()));
                },
                params.toArray());
        return new Grid(width, out);
    }

    /** Every point of one key of some runs, by run then step (for a few points per run, such as epoch ends). */
    public Map<Long, List<Point>> points(List<Long> runIds, String key) {
        Map<Long, List<Point>> out = new HashMap<>();
        jdbc.query(
                "select run_id, step, value, ts from metrics where run_id = any(?) and key = ? order by run_id, step",
                rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Point(
                                    rs.getLong(2),
                                    rs.getDouble(3),
                                    rs.getObject(4, OffsetDateTime.class).toInstant()));
                },
                runIds.toArray(Long[]::new),
                key);
        return out;
    }

    /** The first step of {@code step}'s bucket: buckets always cover their whole width, even at a range's edges. */
    private static long alignDown(long step, long width) {
        return Math.floorDiv(step, width) * width;
    }

    /** The last step of {@code step}'s bucket. */
    private static long alignUp(long step, long width) {
        return Math.floorDiv(step, width) * width + width - 1;
    }
}
