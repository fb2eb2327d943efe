package dev.descent.loss;

import java.util.List;

/** The losses by their model-spec names, with PyTorch's defaults (mean reduction, beta = delta = 1, no smoothing). */
public final class Losses {
    public static final List<String> NAMES =
            List.of("cross_entropy", "nll", "mse", "l1", "smooth_l1", "huber", "bce", "bce_with_logits");

    private Losses() {}

    public static Loss create(String name) {
        return create(name, Reduction.MEAN);
    }

    /**
     * A loss with another reduction. (The from-scratch networks of the literature step on the sum of squared errors,
     * not their mean over the outputs: the same learning rate moves 10 outputs' weights 5x further.)
     */
    public static Loss create(String name, Reduction reduction) {
        if (reduction == null) throw new IllegalArgumentException("reduction is required");
        return switch (name) {
            case "cross_entropy" -> new CrossEntropyLoss(reduction, 0);
            case "nll" -> new NLLLoss(reduction);
            case "mse" -> new MSELoss(reduction);
            case "l1" -> new L1Loss(reduction);
            case "smooth_l1" -> new SmoothL1Loss(reduction, 1.0);
            case "huber" -> new HuberLoss(reduction, 1.0);
            case "bce" -> new BCELoss(reduction);
            case "bce_with_logits" -> new BCEWithLogitsLoss(reduction, null);
            case null, default ->
                throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of " + NAMES);
        };
    }
}
