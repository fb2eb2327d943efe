package dev.descent.gradcheck;

import java.util.ArrayList;
import java.util.List;

/** Every differentiable op's gradient check, as run by {@code descent gradcheck} and the test suite. */
public final class GradCheckSuite {
    private GradCheckSuite() {}

    public static List<GradCheckCase> all() {
        List<GradCheckCase> all = new ArrayList<>(TensorOpCases.cases());
        all.addAll(NnCases.cases());
        all.addAll(ParityCases.cases());
        return all;
    }
}
