package dev.descent.spec;

import dev.descent.backend.DType;
import dev.descent.data.Dataset;
import dev.descent.tensor.Tensor;

/**
 * How a dataset's targets meet a loss. Class indices go to cross-entropy and NLL as they are; for the regression losses
 * they become one-hot rows of 0.01/0.99 (the classic encoding for a sigmoid output trained with squared error), and for
 * BCE one-hot rows of 0/1. Float targets are used as they are. Every engine encodes through this class, so a spec and a
 * dataset mean the same thing on each.
 */
public final class TargetEncoding {
    private final String loss;
    private final int classes;
    private final boolean classification;
    /** Row c: the encoded target of class c, for the one-hot losses (see {@link #smoothedOneHot}). */
    private Tensor smoothedRows;

    private TargetEncoding(String loss, int classes, boolean integerTargets) {
        this.loss = loss;
        this.classes = classes;
        this.classification = integerTargets;
    }

    /** The encoding for training the planned spec on {@code train}: integer targets there make it a classification. */
    public static TargetEncoding of(ModelPlan plan, Dataset train) {
        int[] out = plan.outputShape();
        boolean integerTargets =
                train.size() > 0 && !train.get(0).target().dtype().isFloatingPoint();
        return new TargetEncoding(plan.spec().loss(), out[out.length - 1], integerTargets);
    }

    /** Whether targets are class indices, so accuracy means something. */
    public boolean classification() {
        return classification;
    }

    /** The targets of a batch as the loss takes them. */
    public Tensor encode(Tensor targets) {
        if (!classification) return targets;
        return switch (loss) {
            case "cross_entropy", "nll" -> targets;
            case "bce", "bce_with_logits" ->
                classes == 1
                        ? targets.to(DType.FLOAT32).reshape(-1, 1)
                        : targets.oneHot(classes).to(DType.FLOAT32);
            default -> smoothedOneHot(targets);
        };
    }

    /**
     * One-hot rows of 0.01 and 0.99. Each class's row is encoded once and then looked up: a batch of one (online
     * training) would otherwise pay some ten small kernels a step for ten numbers. The rows are computed by the same
     * elementwise ops as the direct encoding, so they hold the same bits.
     */
    private Tensor smoothedOneHot(Tensor targets) {
        if (targets.dim() == 1 && targets.dtype() == DType.INT64) {
            if (smoothedRows == null || smoothedRows.backend() != targets.backend())
                smoothedRows = smoothedOneHotDirect(Tensor.arange(classes).to(targets.backend()));
            try {
                return smoothedRows.indexSelect(0, targets);
            } catch (IndexOutOfBoundsException outOfRange) {
                // Encoded directly below, so that the error names the classes as the encoding sees them.
            }
        }
        return smoothedOneHotDirect(targets);
    }

    private Tensor smoothedOneHotDirect(Tensor targets) {
        return targets.oneHot(classes).to(DType.FLOAT32).mul(0.98).add(0.01);
    }

    /** How many rows of {@code output} pick the target class (argmax; a single output column is thresholded). */
    public long correct(Tensor output, Tensor targets) {
        Tensor predicted;
        if (output.dim() == 2 && output.size(1) == 1) {
            double threshold = loss.equals("bce_with_logits") ? 0 : 0.5;
            predicted = output.reshape(-1).gt(threshold).to(DType.INT64);
        } else {
            predicted = output.argmax(1);
        }
        return predicted.eq(targets.reshape(predicted.sizes())).sum().itemLong();
    }
}
