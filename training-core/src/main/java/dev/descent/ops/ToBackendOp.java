package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.Backend;
import dev.descent.backend.HostArrays;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/** Copies a tensor to another backend through host memory. dx = g copied back. */
public final class ToBackendOp extends Function {
    private final Backend target;
    private Backend source;

    public ToBackendOp(Backend target) {
        this.target = target;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        source = x.backend();
        Object host = HostArrays.allocate(x.dtype(), x.numel());
        source.toHost(x, host);
        return Tensor.of(target.fromHost(x.dtype(), host), Shape.of(x.sizes()));
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {g.to(source)};
    }
}
