package dev.descent.platform.sweeps;

import dev.descent.platform.web.ApiProblem;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning", 2018) as a
 * stopping rule. Rung k is the epoch {@code minResource * eta^k}; a run that reaches a rung goes on iff its metric is
 * among the top {@code max(1, floor(n / eta))} of the n runs that have reached that rung so far, itself included. It is
 * asynchronous: each run is judged the moment it arrives, against whoever arrived before it, and nobody waits for a
 * full rung. The {@code max(1, ..)} is the one departure from a literal top-n/eta: promotion in the paper is deferred
 * until enough runs have arrived, but a stopped run here cannot be resumed later, so the first eta-1 arrivals go on
 * while they are the best so far (as Optuna's successive-halving pruner does) instead of all being stopped.
 *
 * @param minResource epochs before the first rung
 * @param reductionFactor eta: roughly 1/eta of the runs pass each rung
 */
record Asha(int minResource, int reductionFactor) {
    static final int MAX_RUNGS = 30;

    Asha {
        if (minResource < 1) throw ApiProblem.badRequest("earlyStopping.minResource", "must be >= 1");
        if (reductionFactor < 2) throw ApiProblem.badRequest("earlyStopping.reductionFactor", "must be >= 2");
    }

    /** Reads {@code earlyStopping}; null when it is absent. */
    static Asha parse(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject())
            throw ApiProblem.badRequest(
                    "earlyStopping",
                    "must be an object, e.g. {\"type\": \"asha\", \"rungs\": \"epoch\", \"minResource\": 1,"
                            + " \"reductionFactor\": 3}");
        for (String k : node.propertyNames()) {
            if (!Set.of("type", "rungs", "minResource", "reductionFactor").contains(k))
                throw ApiProblem.badRequest(
                        "earlyStopping." + k,
                        "is not known; earlyStopping has type, rungs, minResource, reductionFactor");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isString() || !type.asString().equals("asha"))
            throw ApiProblem.badRequest("earlyStopping.type", "must be \"asha\"");
        JsonNode rungs = node.get("rungs");
        if (rungs != null && !(rungs.isString() && rungs.asString().equals("epoch")))
            throw ApiProblem.badRequest("earlyStopping.rungs", "must be \"epoch\" (rungs are counted in epochs)");
        return new Asha(whole(node, "minResource", 1, 10_000), whole(node, "reductionFactor", 3, 100));
    }

    private static int whole(JsonNode node, String name, int fallback, int max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > max)
            throw ApiProblem.badRequest(
                    "earlyStopping." + name, "must be a whole number from 1 to " + max + ", got " + v);
        return v.asInt();
    }

    /**
     * The rung that {@code epoch} (1-based) is, or -1. The last epoch of a run is never a rung: stopping there saves
     * nothing.
     */
    int rungAt(int epoch, int maxEpochs) {
        long r = minResource;
        for (int k = 0; k < MAX_RUNGS && r < maxEpochs; k++, r *= reductionFactor) {
            if (r == epoch) return k;
        }
        return -1;
    }

    /** The rung epochs below {@code maxEpochs}. */
    List<Integer> rungEpochs(int maxEpochs) {
        List<Integer> out = new java.util.ArrayList<>();
        long r = minResource;
        for (int k = 0; k < MAX_RUNGS && r < maxEpochs; k++, r *= reductionFactor) out.add((int) r);
        return out;
    }

    /**
     * Whether a run whose metric at a rung is {@code value} goes on, given the values of the runs that reached the rung
     * before it. A non-finite value is the worst there is.
     */
    boolean promotes(List<Double> earlier, double value, Goal goal) {
        int n = earlier.size() + 1;
        int keep = Math.max(1, n / reductionFactor);
        double v = worstIfNotFinite(value, goal);
        long better = earlier.stream()
                .filter(e -> goal.better(worstIfNotFinite(e, goal), v))
                .count();
        return better < keep;
    }

    static double worstIfNotFinite(double v, Goal goal) {
        if (Double.isFinite(v)) return v;
        return goal == Goal.MAXIMIZE ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    static String reason(int epoch) {
        return "stopped early by ASHA at epoch " + epoch;
    }
}
