package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/**
 * The spec's losses on NDArrays, with PyTorch's definitions and mean reduction:
 * cross_entropy on logits (class indices or class probabilities as targets), nll on log-probabilities,
 * mse, l1, smooth_l1 (beta 1), huber (delta 1), bce on probabilities (logs clamped at -100 as PyTorch does),
 * bce_with_logits in its stable form max(x, 0) - x t + log(1 + e^-|x|).
 */
final class Losses {
    private Losses() {}

    /** Whether targets are class indices ({@code long}) for this loss and target shape. */
    static boolean indexTargets(String loss, int[] targetShape, int[] outputShape) {
        return (loss.equals("cross_entropy") || loss.equals("nll")) && targetShape.length == outputShape.length - 1;
    }

    /** The mean loss over the batch, a scalar in {@code output}'s manager. */
    static NDArray loss(String loss, NDArray output, NDArray target) {
        target = align(output, target);
        return switch (loss) {
            case "cross_entropy" -> negativeLogLikelihood(output.logSoftmax(1), target);
            case "nll" -> negativeLogLikelihood(output, target);
            case "mse" -> output.sub(target).square().mean();
            case "l1" -> output.sub(target).abs().mean();
            case "smooth_l1", "huber" -> {
                NDArray d = output.sub(target).abs();
                yield NDArrays.where(d.lt(1), d.square().mul(0.5), d.sub(0.5)).mean();
            }
            case "bce" -> {
                NDArray logP = output.log().maximum(-100);
                NDArray logNotP = output.neg().add(1).log().maximum(-100);
                yield target.mul(logP).add(target.neg().add(1).mul(logNotP)).neg().mean();
            }
            case "bce_with_logits" -> output.maximum(0).sub(output.mul(target)).add(output.abs().neg().exp().add(1).log()).mean();
            default -> throw new IllegalArgumentException("unknown loss '" + loss + "'");
        };
    }

    /** [N] float targets against [N, 1] outputs must not broadcast to [N, N]. */
    private static NDArray align(NDArray output, NDArray target) {
        if (target.getDataType() == DataType.INT64 || target.getShape().equals(output.getShape())) return target;
        return target.reshape(output.getShape());
    }

    /** -mean log p[target] for index targets [N, ...] against [N, C, ...]; -mean sum_c t_c log p_c for probability targets. */
    private static NDArray negativeLogLikelihood(NDArray logP, NDArray target) {
        if (target.getDataType() == DataType.INT64) {
            return logP.gather(target.expandDims(1), 1).neg().mean();
        }
        return target.mul(logP).sum(new int[] {1}).neg().mean();
    }

    /** Right predictions and predictions made in a batch; null for regression losses. */
    record Hits(long correct, long total) {}

    static Hits correct(String loss, NDArray output, NDArray target) {
        target = align(output, target);
        NDArray hits = switch (loss) {
            case "cross_entropy", "nll" -> target.getDataType() == DataType.INT64
                    ? output.argMax(1).eq(target)
                    : output.argMax(1).eq(target.argMax(1));
            case "bce" -> output.gt(0.5).eq(target.gt(0.5));
            case "bce_with_logits" -> output.gt(0).eq(target.gt(0.5));
            default -> null;
        };
        if (hits == null) return null;
        return new Hits(hits.toType(DataType.INT64, false).sum().getLong(), hits.size());
    }

    static boolean hasAccuracy(String loss) {
        return switch (loss) {
            case "cross_entropy", "nll", "bce", "bce_with_logits" -> true;
            default -> false;
        };
    }
}
