package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/**
 * The spec's losses on NDArrays, as training-core's {@code dev.descent.loss} defines them (PyTorch's definitions),
 * reduced by the spec's {@code lossReduction}: the mean or the sum of the per-element losses. cross_entropy on logits
 * and nll on log-probabilities take int64 class indices; mse, l1, smooth_l1 (beta 1), huber (delta 1), bce on
 * probabilities (logs clamped at -100 as PyTorch does) and bce_with_logits in its stable form max(x, 0) - x t + log(1 +
 * e^-|x|) take float targets of the output's shape.
 */
final class DjlLosses {
    private DjlLosses() {}

    /** The batch's loss, a scalar in {@code output}'s manager; {@code reduction} is "mean" or "sum". */
    static NDArray loss(String loss, String reduction, NDArray output, NDArray target) {
        target = align(output, target);
        NDArray perElement = switch (loss) {
            case "cross_entropy" -> pick(output.logSoftmax(1), target).neg();
            case "nll" -> pick(output, target).neg();
            case "mse" -> output.sub(target).square();
            case "l1" -> output.sub(target).abs();
            case "smooth_l1", "huber" -> {
                NDArray d = output.sub(target).abs();
                yield NDArrays.where(d.lt(1), d.square().mul(0.5), d.sub(0.5));
            }
            case "bce" -> {
                NDArray logP = output.log().maximum(-100);
                NDArray logNotP = output.neg().add(1).log().maximum(-100);
                yield target.mul(logP).add(target.neg().add(1).mul(logNotP)).neg();
            }
            case "bce_with_logits" ->
                output.maximum(0)
                        .sub(output.mul(target))
                        .add(output.abs().neg().exp().add(1).log());
            default -> throw new IllegalArgumentException("unknown loss '" + loss + "'");
        };
        return reduction.equals("sum") ? perElement.sum() : perElement.mean();
    }

    /** [N] float targets against [N, 1] outputs must not broadcast to [N, N]. */
    private static NDArray align(NDArray output, NDArray target) {
        if (target.getDataType() == DataType.INT64 || target.getShape().equals(output.getShape())) return target;
        return target.reshape(output.getShape());
    }

    /** log p[target] for index targets [N, ...] against [N, C, ...]. */
    private static NDArray pick(NDArray logP, NDArray target) {
        return logP.gather(target.expandDims(1), 1);
    }
}
