package dev.descent.backend;

/** Reductions over a set of dimensions. SUM_SQUARES sums x^2 without materialising it (gradient norms). */
public enum ReduceOp {
    SUM,
    SUM_SQUARES,
    PROD,
    MAX,
    MIN,
    ARGMAX,
    ARGMIN
}
