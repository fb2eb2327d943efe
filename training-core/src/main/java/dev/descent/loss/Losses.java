package dev.descent.loss;

import java.util.List;

/** The losses by their model-spec names, with PyTorch's defaults (mean reduction, beta = delta = 1, no smoothing). */
public final class Losses {
    public static final List<String> NAMES = List.of("cross_entropy", "nll", "mse", "l1", "smooth_l1", "huber", "bce", "bce_with_logits");

    private Losses() {}

    public static Loss create(String name) {
        return switch (name) {
            case "cross_entropy" -> new CrossEntropyLoss();
            case "nll" -> new NLLLoss();
            case "mse" -> new MSELoss();
            case "l1" -> new L1Loss();
            case "smooth_l1" -> new SmoothL1Loss();
            case "huber" -> new HuberLoss();
            case "bce" -> new BCELoss();
            case "bce_with_logits" -> new BCEWithLogitsLoss();
            case null, default -> throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of " + NAMES);
        };
    }
}
