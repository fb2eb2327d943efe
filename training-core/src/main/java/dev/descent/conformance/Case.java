package dev.descent.conformance;

import java.util.List;

/**
 * One randomized conformance case: an op of the shared op table applied to positional arguments, which refer to the
 * inputs with {@link Ref}. Arguments are otherwise Python values: {@link Long} is a Python int, {@link Double} a Python
 * float, {@link Boolean}, {@link String}, {@code null}, lists and string-keyed maps of these. {@code order} is how many
 * derivatives of the inputs are compared (0, 1 or 2, the second through a graph of the first as {@code create_graph}
 * builds).
 *
 * <p>A case is a pure function of the run's seed and its id ({@link CaseGenerator#generate}), so a failure is
 * reproduced from those two numbers alone.
 */
public record Case(long seed, int id, String family, String op, List<CaseInput> inputs, List<Object> args, int order) {

    /** An argument that stands for input {@code index}. */
    public record Ref(int index) {}
}
