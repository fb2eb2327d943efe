package dev.descent.conformance;

import dev.descent.backend.DType;
import dev.descent.conformance.CaseBuilder.Domain;
import dev.descent.optim.Adadelta;
import dev.descent.optim.Adagrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.LBFGS;
import dev.descent.optim.NAdam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RAdam;
import dev.descent.optim.RMSprop;
import dev.descent.optim.SGD;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optimizers over several steps of a smooth, non-quadratic objective, sum_k sum(0.5 (p_k - c_k)^2 + 0.1 p_k^4), with
 * random hyper-parameters in PyTorch's names; every parameter is compared after every step.
 */
final class OptimizerCases implements Family {
    private static final List<String> NAMES =
            List.of("sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta", "nadam", "radam", "lbfgs");

    @Override
    public String name() {
        return "optimizer";
    }

    @Override
    public int weight() {
        return 50;
    }

    @Override
    public double tolerance() {
        return 5;
    }

    @Override
    public Case draw(CaseBuilder b) {
        String name = b.pick(NAMES);
        DType dt = b.floatType();
        List<Object> args = new ArrayList<>();
        b.specials = 0;
        for (int k = b.between(1, 3); k > 0; k--) args.add(b.input(dt, b.shape(0, 2), Domain.ANY, false, false, false));
        Map<String, Object> h = new LinkedHashMap<>();
        double[] betas = {b.pick(0.9, 0.8), b.pick(0.999, 0.99)};
        switch (name) {
            case "sgd" -> {
                double momentum = b.pick(0.0, 0.9, 0.5);
                boolean nesterov = momentum > 0 && b.chance(0.4);
                h.put("momentum", momentum);
                h.put("dampening", nesterov ? 0.0 : b.pick(0.0, 0.1));
                h.put("nesterov", nesterov);
                h.put("weight_decay", b.pick(0.0, 0.01));
            }
            case "adam", "adamw" -> {
                h.put("betas", List.of(betas[0], betas[1]));
                h.put("eps", b.pick(1e-8, 1e-6));
                h.put("weight_decay", b.pick(0.0, 0.01, 0.1));
                h.put("amsgrad", b.chance(0.3));
            }
            case "rmsprop" -> {
                h.put("alpha", b.pick(0.99, 0.9));
                h.put("eps", b.pick(1e-8, 1e-6));
                h.put("weight_decay", b.pick(0.0, 0.01));
                h.put("momentum", b.pick(0.0, 0.9));
                h.put("centered", b.chance(0.3));
            }
            case "adagrad" -> {
                h.put("lr_decay", b.pick(0.0, 0.01));
                h.put("weight_decay", b.pick(0.0, 0.01));
                h.put("initial_accumulator_value", b.pick(0.0, 0.1));
                h.put("eps", b.pick(1e-10, 1e-6));
            }
            case "adadelta" -> {
                h.put("rho", b.pick(0.9, 0.95));
                h.put("eps", b.pick(1e-6, 1e-4));
                h.put("weight_decay", b.pick(0.0, 0.01));
            }
            case "nadam" -> {
                h.put("betas", List.of(betas[0], betas[1]));
                h.put("eps", b.pick(1e-8, 1e-6));
                h.put("weight_decay", b.pick(0.0, 0.01));
                h.put("momentum_decay", b.pick(4e-3, 1e-2));
            }
            case "radam" -> {
                h.put("betas", List.of(betas[0], betas[1]));
                h.put("eps", b.pick(1e-8, 1e-6));
                h.put("weight_decay", b.pick(0.0, 0.01));
            }
            default -> {
                h.put("max_iter", (long) b.between(1, 6));
                h.put("history_size", (long) b.between(2, 10));
                h.put("line_search_fn", b.chance(0.5) ? null : "strong_wolfe");
            }
        }
        double lr = name.equals("adadelta") || name.equals("lbfgs") ? b.pick(1.0, 0.5) : b.pick(0.01, 0.1, 0.05);
        int steps = name.equals("lbfgs") ? b.between(1, 3) : b.between(1, 8);
        args.add(name);
        args.add(lr);
        args.add(h);
        args.add((long) steps);
        return b.build("optim", 0, args.toArray());
    }

    /** The objective both sides minimise. */
    static Tensor objective(List<Tensor> params) {
        Tensor total = null;
        for (int k = 0; k < params.size(); k++) {
            Tensor p = params.get(k);
            Tensor term = p.sub(Values.weights(p, k))
                    .square()
                    .mul(0.5)
                    .add(p.pow(4L).mul(0.1))
                    .sum();
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("optim", optim(false));
    }

    /** The optim op; with {@code torch113}, NAdam as PyTorch 1.13 computes it ({@link NAdamTorch113}). */
    static Op optim(boolean torch113) {
        return a -> {
            int n = a.size() - 4;
            List<Tensor> params = new ArrayList<>();
            for (int i = 0; i < n; i++) params.add(a.t(i).detach().clone().requiresGrad_());
            Optimizer<?> opt = torch113 && a.s(n).equals("nadam")
                    ? new NAdamTorch113(params, a.d(n + 1), (NAdam.Hyper) hyper(a.map(n + 2)))
                    : create(a.s(n), params, a.d(n + 1), a.map(n + 2));
            List<Tensor> history = new ArrayList<>();
            for (int s = 0; s < a.i(n + 3); s++) {
                opt.step(() -> {
                    opt.zeroGrad();
                    Tensor loss = objective(params);
                    loss.backward();
                    return loss;
                });
                for (Tensor p : params) history.add(p.detach().clone());
            }
            return history;
        };
    }

    private static Record hyper(Map<String, Object> h) {
        List<?> betas = (List<?>) h.get("betas");
        return new NAdam.Hyper(
                ((Number) betas.get(0)).doubleValue(),
                ((Number) betas.get(1)).doubleValue(),
                num(h, "eps"),
                num(h, "weight_decay"),
                num(h, "momentum_decay"));
    }

    private static Optimizer<?> create(String name, List<Tensor> params, double lr, Map<String, Object> h) {
        return switch (name) {
            case "sgd" ->
                new SGD(
                        params,
                        lr,
                        new SGD.Hyper(
                                num(h, "momentum"),
                                num(h, "dampening"),
                                (Boolean) h.get("nesterov"),
                                num(h, "weight_decay")));
            case "adam", "adamw" -> {
                List<?> betas = (List<?>) h.get("betas");
                var hyper = new Adam.Hyper(
                        ((Number) betas.get(0)).doubleValue(),
                        ((Number) betas.get(1)).doubleValue(),
                        num(h, "eps"),
                        num(h, "weight_decay"),
                        (Boolean) h.get("amsgrad"));
                yield name.equals("adam") ? new Adam(params, lr, hyper) : new AdamW(params, lr, hyper);
            }
            case "rmsprop" ->
                new RMSprop(
                        params,
                        lr,
                        new RMSprop.Hyper(
                                num(h, "alpha"), num(h, "eps"), num(h, "weight_decay"), num(h, "momentum"), (Boolean)
                                        h.get("centered")));
            case "adagrad" ->
                new Adagrad(
                        params,
                        lr,
                        new Adagrad.Hyper(
                                num(h, "lr_decay"),
                                num(h, "weight_decay"),
                                num(h, "initial_accumulator_value"),
                                num(h, "eps")));
            case "adadelta" ->
                new Adadelta(params, lr, new Adadelta.Hyper(num(h, "rho"), num(h, "eps"), num(h, "weight_decay")));
            case "nadam" -> {
                List<?> betas = (List<?>) h.get("betas");
                yield new NAdam(
                        params,
                        lr,
                        new NAdam.Hyper(
                                ((Number) betas.get(0)).doubleValue(),
                                ((Number) betas.get(1)).doubleValue(),
                                num(h, "eps"),
                                num(h, "weight_decay"),
                                num(h, "momentum_decay")));
            }
            case "radam" -> {
                List<?> betas = (List<?>) h.get("betas");
                yield new RAdam(
                        params,
                        lr,
                        new RAdam.Hyper(
                                ((Number) betas.get(0)).doubleValue(),
                                ((Number) betas.get(1)).doubleValue(),
                                num(h, "eps"),
                                num(h, "weight_decay")));
            }
            default -> {
                int maxIter = ((Number) h.get("max_iter")).intValue();
                yield new LBFGS(
                        params,
                        lr,
                        new LBFGS.Hyper(
                                maxIter,
                                maxIter * 5 / 4,
                                1e-7,
                                1e-9,
                                ((Number) h.get("history_size")).intValue(),
                                "strong_wolfe".equals(h.get("line_search_fn"))));
            }
        };
    }

    private static double num(Map<String, Object> h, String key) {
        return ((Number) h.get(key)).doubleValue();
    }
}
