package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/** Integer ids to rows of a [num, dim] table; float inputs holding ids are cast. */
final class EmbeddingLayer implements Layer {
    private final NDArray weight;
    private final List<Param> params;

    EmbeddingLayer(String prefix, InitialWeights init) {
        weight = init.parameter(prefix + "weight");
        params = List.of(new Param(prefix + "weight", weight));
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        NDArray ids = x.getDataType() == DataType.INT64 ? x : x.toType(DataType.INT64, false);
        return JniUtils.embedding((PtNDArray) ids, (PtNDArray) weight, false);
    }

    @Override
    public List<Param> params() {
        return params;
    }
}
