package dev.descent.conformance;

import dev.descent.backend.DType;
import dev.descent.optim.CosineAnnealingLR;
import dev.descent.optim.CosineAnnealingWarmRestarts;
import dev.descent.optim.ExponentialLR;
import dev.descent.optim.LinearLR;
import dev.descent.optim.LrScheduler;
import dev.descent.optim.MultiStepLR;
import dev.descent.optim.OneCycleLR;
import dev.descent.optim.ReduceLROnPlateau;
import dev.descent.optim.SGD;
import dev.descent.optim.StepLR;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Learning-rate schedules, in PyTorch's option names: the rate before the first step and after every step. */
final class ScheduleCases implements Family {
    private static final List<String> NAMES =
            List.of("step", "multistep", "exponential", "cosine", "linear", "onecycle", "cosine_restarts", "plateau");

    @Override
    public String name() {
        return "schedule";
    }

    @Override
    public int weight() {
        return 40;
    }

    @Override
    public Case draw(CaseBuilder b) {
        String name = b.pick(NAMES);
        double lr = b.pick(0.1, 0.01, 1.0);
        int steps = b.between(1, 30);
        Map<String, Object> o = new LinkedHashMap<>();
        List<Object> metrics = null;
        switch (name) {
            case "step" -> {
                o.put("step_size", (long) b.between(1, 5));
                o.put("gamma", b.pick(0.1, 0.5, 0.9));
            }
            case "multistep" -> {
                List<Object> milestones = new ArrayList<>();
                for (int m = b.between(0, 4); m < steps + 3; m += b.between(1, 8)) milestones.add((long) m);
                o.put("milestones", milestones);
                o.put("gamma", b.pick(0.1, 0.5));
            }
            case "exponential" -> o.put("gamma", b.pick(0.9, 0.5, 0.99));
            case "cosine" -> {
                o.put("T_max", (long) (b.chance(0.8) ? b.between(steps, steps + 10) : b.between(1, steps)));
                o.put("eta_min", b.pick(0.0, 0.001));
            }
            case "linear" -> {
                o.put("start_factor", b.pick(1.0 / 3, 0.1, 0.5));
                o.put("end_factor", b.pick(1.0, 0.5));
                o.put("total_iters", (long) b.between(1, 10));
            }
            case "onecycle" -> {
                o.put("max_lr", b.pick(0.1, 1.0));
                long total = b.between(Math.max(steps, 2), steps + 10);
                o.put("total_steps", total);
                o.put("pct_start", b.pick(0.3, 0.25, 0.5));
                o.put("anneal_strategy", b.pick("cos", "linear"));
                o.put("div_factor", b.pick(25.0, 10.0));
                o.put("final_div_factor", b.pick(1e4, 100.0));
                o.put("three_phase", b.chance(0.3));
            }
            case "cosine_restarts" -> {
                o.put("T_0", (long) b.between(1, 6));
                o.put("T_mult", (long) b.between(1, 3));
                o.put("eta_min", b.pick(0.0, 0.001));
            }
            default -> {
                o.put("mode", b.pick("min", "max"));
                o.put("factor", b.pick(0.1, 0.5));
                o.put("patience", (long) b.between(0, 3));
                o.put("threshold", b.pick(1e-4, 0.1));
                o.put("cooldown", (long) b.between(0, 2));
                o.put("min_lr", b.pick(0.0, 0.001));
                metrics = new ArrayList<>();
                double m = 1;
                for (int i = 0; i < steps; i++) metrics.add(m += b.pick(-0.2, -0.01, 0.0, 0.05, 0.3));
            }
        }
        return b.build("schedule", 0, name, lr, o, (long) steps, metrics);
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("schedule", a -> {
            SGD opt = new SGD(List.of(Tensor.zeros(1).requiresGrad_()), a.d(1), 0.9);
            Map<String, Object> o = a.map(2);
            LrScheduler s = create(a.s(0), opt, o);
            int steps = a.i(3);
            double[] lrs = new double[steps + 1];
            lrs[0] = opt.lr();
            for (int i = 0; i < steps; i++) {
                if (s instanceof ReduceLROnPlateau) s.step(((Number) a.list(4).get(i)).doubleValue());
                else s.step();
                lrs[i + 1] = opt.lr();
            }
            return Tensor.fromArray(lrs).to(DType.FLOAT64);
        });
    }

    private static LrScheduler create(String name, SGD opt, Map<String, Object> o) {
        return switch (name) {
            case "step" -> new StepLR(opt, i(o, "step_size"), d(o, "gamma"));
            case "multistep" -> new MultiStepLR(opt, Args.ints(o.get("milestones")), d(o, "gamma"));
            case "exponential" -> new ExponentialLR(opt, d(o, "gamma"));
            case "cosine" -> new CosineAnnealingLR(opt, i(o, "T_max"), d(o, "eta_min"));
            case "linear" -> new LinearLR(opt, d(o, "start_factor"), d(o, "end_factor"), i(o, "total_iters"));
            case "onecycle" ->
                new OneCycleLR(
                        opt,
                        d(o, "max_lr"),
                        i(o, "total_steps"),
                        d(o, "pct_start"),
                        o.get("anneal_strategy").equals("cos") ? OneCycleLR.Anneal.COS : OneCycleLR.Anneal.LINEAR,
                        d(o, "div_factor"),
                        d(o, "final_div_factor"),
                        (Boolean) o.get("three_phase"));
            case "cosine_restarts" ->
                new CosineAnnealingWarmRestarts(opt, i(o, "T_0"), i(o, "T_mult"), d(o, "eta_min"));
            default ->
                new ReduceLROnPlateau(
                        opt,
                        o.get("mode").equals("min") ? ReduceLROnPlateau.Mode.MIN : ReduceLROnPlateau.Mode.MAX,
                        d(o, "factor"),
                        i(o, "patience"),
                        d(o, "threshold"),
                        i(o, "cooldown"),
                        d(o, "min_lr"));
        };
    }

    private static int i(Map<String, Object> o, String k) {
        return ((Number) o.get(k)).intValue();
    }

    private static double d(Map<String, Object> o, String k) {
        return ((Number) o.get(k)).doubleValue();
    }
}
