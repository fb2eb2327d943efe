package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;

/** Converts to another floating dtype. dx = g converted back. */
public final class CastOp extends Function {
    private final DType dtype;

    public CastOp(DType dtype) {
        this.dtype = dtype;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        return Kernels.cast(in[0], dtype);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {g.to(ctx.inputDType(0))};
    }
}
