package dev.descent.platform.compare;

import dev.descent.platform.metrics.MetricQueries;
import dev.descent.platform.runs.RunQueries;
import dev.descent.platform.runs.RunView;
import dev.descent.platform.web.ApiProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Builds a {@link Comparison}: validates the request's bounds, reads every run's series in one statement on a shared
 * step grid, and maps the grid to the asked axis. A run's epoch axis comes from its {@code epoch} metric (the epoch
 * number logged at each epoch's last step), interpolated linearly within an epoch.
 */
@Service
class CompareService {
    static final int MAX_RUNS = 100;
    static final int MAX_KEYS = 20;
    static final int MAX_POINTS = 10_000;
    static final int MAX_KEY_LENGTH = 200;

    enum Axis {
        STEP,
        EPOCH,
        TIME;

        static Axis parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("x", "must be step, epoch or time, got '" + shorten(s) + "'");
            }
        }
    }

    private final RunQueries runs;
    private final MetricQueries metrics;

    CompareService(RunQueries runs, MetricQueries metrics) {
        this.runs = runs;
        this.metrics = metrics;
    }

    Comparison compare(String runList, String keyList, String x, int maxPoints) {
        List<Long> ids = ids(runList);
        List<String> keys = keys(keyList);
        Axis axis = Axis.parse(x);
        if (maxPoints < 2 || maxPoints > MAX_POINTS)
            throw ApiProblem.badRequest("maxPoints", "must be between 2 and " + MAX_POINTS + ", got " + maxPoints);
        List<RunView> views = runs.require(ids, "runs");
        MetricQueries.Grid grid = metrics.grid(ids, keys, maxPoints, axis == Axis.TIME);
        Map<Long, List<MetricQueries.Point>> epochs = axis == Axis.EPOCH ? metrics.points(ids, "epoch") : Map.of();

        List<Map<String, Object>> params = new ArrayList<>();
        for (RunView v : views) params.add(flatten(v.config()));
        List<Comparison.RunColumn> columns = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            RunView v = views.get(i);
            Map<String, Comparison.Series> series = new TreeMap<>();
            Map<String, List<MetricQueries.GridBucket>> byKey = grid.buckets().getOrDefault(v.id(), Map.of());
            for (String key : keys) {
                List<MetricQueries.GridBucket> buckets = byKey.getOrDefault(key, List.of());
                series.put(key, series(buckets, grid.bucketWidth(), axis, v, epochs.getOrDefault(v.id(), List.of())));
            }
            Map<String, RunView.Result> results = new TreeMap<>();
            for (String key : keys)
                if (v.metrics().containsKey(key)) results.put(key, v.metrics().get(key));
            columns.add(new Comparison.RunColumn(v.id(), v.name(), v.status(), params.get(i), results, series));
        }
        return new Comparison(axis.name().toLowerCase(Locale.ROOT), keys, differing(params), columns);
    }

    private static Comparison.Series series(
            List<MetricQueries.GridBucket> buckets,
            long width,
            Axis axis,
            RunView run,
            List<MetricQueries.Point> epochEnds) {
        int n = buckets.size();
        List<Double> xs = new ArrayList<>(n),
                mins = new ArrayList<>(n),
                maxs = new ArrayList<>(n),
                lasts = new ArrayList<>(n);
        for (MetricQueries.GridBucket b : buckets) {
            xs.add(
                    switch (axis) {
                        case STEP -> (double) b.fromStep();
                        case EPOCH -> epoch(b.lastStep(), epochEnds);
                        case TIME -> seconds(run.startedAt(), b.lastTime());
                    });
            mins.add(b.min());
            maxs.add(b.max());
            lasts.add(b.last());
        }
        return new Comparison.Series(xs, mins, maxs, lasts, width);
    }

    /** The fractional epoch at {@code step}: epoch k ends at the step its metric was logged at, epoch 0 at step 0. */
    static Double epoch(long step, List<MetricQueries.Point> ends) {
        if (ends.isEmpty()) return null;
        long prevStep = 0;
        double prevEpoch = 0;
        for (MetricQueries.Point p : ends) {
            if (step <= p.step()) {
                long span = p.step() - prevStep;
                return span <= 0 ? p.value() : prevEpoch + (p.value() - prevEpoch) * (step - prevStep) / span;
            }
            prevStep = p.step();
            prevEpoch = p.value();
        }
        // Past the last epoch's end: at the pace of the epochs so far.
        double perEpoch = prevEpoch > 0 ? prevStep / prevEpoch : 0;
        return perEpoch > 0 ? prevEpoch + (step - prevStep) / perEpoch : prevEpoch;
    }

    private static Double seconds(Instant startedAt, Instant at) {
        if (startedAt == null || at == null) return null;
        return (at.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }

    /** A train config as dotted paths to scalars ({@code optimizer.lr}); arrays stay whole, as their JSON text. */
    static Map<String, Object> flatten(JsonNode config) {
        Map<String, Object> out = new TreeMap<>();
        flatten("", config, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        if (node == null) return;
        if (node.isObject()) {
            for (var e : node.properties())
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
        } else if (!prefix.isEmpty()) {
            Object v;
            if (node.isNull()) v = null;
            else if (node.isBoolean()) v = node.asBoolean();
            else if (node.isIntegralNumber() && node.canConvertToLong()) v = node.asLong();
            else if (node.isNumber()) v = node.asDouble();
            else if (node.isString()) v = node.asString();
            else v = node.toString();
            out.put(prefix, v);
        }
    }

    static List<String> differing(List<Map<String, Object>> params) {
        Set<String> all = new TreeSet<>();
        params.forEach(p -> all.addAll(p.keySet()));
        List<String> out = new ArrayList<>();
        for (String key : all) {
            Object first = params.getFirst().get(key);
            for (Map<String, Object> p : params) {
                if (!Objects.equals(p.get(key), first)) {
                    out.add(key);
                    break;
                }
            }
        }
        return out;
    }

    private static List<Long> ids(String list) {
        if (list == null || list.isBlank())
            throw ApiProblem.badRequest("runs", "is required: run ids, e.g. runs=1,2,3");
        String[] parts = list.split(",", -1);
        if (parts.length > MAX_RUNS)
            throw ApiProblem.badRequest("runs", "at most " + MAX_RUNS + " runs, got " + parts.length);
        Set<Long> ids = new LinkedHashSet<>();
        for (String p : parts) {
            try {
                long id = Long.parseLong(p.strip());
                if (id < 1) throw new NumberFormatException();
                ids.add(id);
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest("runs", "'" + shorten(p) + "' is not a run id");
            }
        }
        return List.copyOf(ids);
    }

    private static List<String> keys(String list) {
        if (list == null || list.isBlank())
            throw ApiProblem.badRequest("keys", "is required: metric keys, e.g. keys=val/accuracy,train/loss");
        String[] parts = list.split(",", -1);
        if (parts.length > MAX_KEYS)
            throw ApiProblem.badRequest("keys", "at most " + MAX_KEYS + " keys, got " + parts.length);
        Set<String> keys = new LinkedHashSet<>();
        for (String p : parts) {
            String k = p.strip();
            if (k.isEmpty() || k.length() > MAX_KEY_LENGTH || k.indexOf('\0') >= 0)
                throw ApiProblem.badRequest("keys", "a key must be 1 to " + MAX_KEY_LENGTH + " characters without NUL");
            keys.add(k);
        }
        return List.copyOf(keys);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
