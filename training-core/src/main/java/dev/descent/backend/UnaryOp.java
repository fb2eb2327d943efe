package dev.descent.backend;

/** Elementwise kernels of one input. {@code p} and {@code q} are the scalar parameters some of them take. */
public enum UnaryOp {
    NEG,
    ABS,
    SIGN,
    SQUARE,
    SQRT,
    RECIPROCAL,
    EXP,
    LOG,
    SIN,
    COS,
    TANH,
    SIGMOID,
    ERF,
    RELU,
    /** max(x, 0) + p * min(x, 0). */
    LEAKY_RELU,
    /** x * Phi(x), the exact (erf) form. */
    GELU,
    /** The tanh approximation of GELU. */
    GELU_TANH,
    /** x ^ p. */
    POW,
    /** p ^ x. */
    RPOW,
    /** min(max(x, p), q); NaN bounds mean unbounded. */
    CLAMP,
    FLOOR,
    CEIL,
    ROUND,
    LOGICAL_NOT
}
