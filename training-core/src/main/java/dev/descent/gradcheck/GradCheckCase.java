package dev.descent.gradcheck;

import dev.descent.autograd.GradCheck;
import dev.descent.tensor.Tensor;
import java.util.function.Function;
import java.util.function.Supplier;

/** One named gradient check: fresh float64 inputs and the function of them to differentiate. */
public record GradCheckCase(String name, Supplier<Tensor[]> inputs, Function<Tensor[], Tensor> f) {

    @Override
    public String toString() {
        return name;
    }

    public GradCheck.Result run() {
        return GradCheck.check(f, inputs.get());
    }
}
