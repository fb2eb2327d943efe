package dev.descent.conformance;

/**
 * The Java side of one entry of the shared op table: what Descent computes for the op's positional arguments. It
 * returns a tensor, a list of tensors (flattened in order), or throws where Descent refuses the input.
 */
@FunctionalInterface
interface Op {
    Object apply(Args args);
}
