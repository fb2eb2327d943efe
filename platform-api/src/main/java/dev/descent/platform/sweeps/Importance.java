package dev.descent.platform.sweeps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much each swept parameter goes with the metric: Spearman's rank correlation between the parameter's values and
 * the runs' metric values (ties get their mean rank). A categorical parameter (strings, booleans, objects) has no
 * order, so each run's level is replaced by the mean metric rank of the runs at that level, which orders the levels by
 * how well they did; its correlation is then never negative. Importance is |correlation|, in 0..1.
 */
final class Importance {
    private Importance() {}

    /** One parameter's result. */
    record Score(String parameter, double importance, double correlation) {}

    /**
     * @param values each run's value of each parameter, as JSON text or numbers (same order as {@code metric})
     * @param metric each run's metric value
     * @return a score for each parameter that took at least two distinct values, most important first
     */
    static List<Score> of(Map<String, List<Object>> values, List<Double> metric) {
        List<Score> out = new ArrayList<>();
        int n = metric.size();
        if (n < 3) return out;
        double[] metricRanks =
                ranks(metric.stream().mapToDouble(Double::doubleValue).toArray());
        for (var e : values.entrySet()) {
            List<Object> v = e.getValue();
            if (v.size() != n || v.stream().distinct().count() < 2) continue;
            double[] x;
            if (v.stream().allMatch(o -> o instanceof Number)) {
                x = v.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
            } else {
                Map<Object, double[]> sums = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    double[] s = sums.computeIfAbsent(v.get(i), k -> new double[2]);
                    s[0] += metricRanks[i];
                    s[1]++;
                }
                x = new double[n];
                for (int i = 0; i < n; i++) {
                    double[] s = sums.get(v.get(i));
                    x[i] = s[0] / s[1];
                }
            }
            double rho = pearson(ranks(x), metricRanks);
            if (Double.isNaN(rho)) continue;
            out.add(new Score(e.getKey(), Math.abs(rho), rho));
        }
        out.sort((a, b) -> Double.compare(b.importance(), a.importance()));
        return out;
    }

    /** 1-based ranks, ties sharing their mean rank. */
    static double[] ranks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && Double.compare(x[order[j + 1]], x[order[i]]) == 0) j++;
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[order[k]] = mean;
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = Arrays.stream(a).average().orElse(0),
                mb = Arrays.stream(b).average().orElse(0);
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        if (saa == 0 || sbb == 0) return Double.NaN;
        return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
    }

    /** Values keyed by parameter, in insertion order. */
    static Map<String, List<Object>> table() {
        return new LinkedHashMap<>();
    }
}
