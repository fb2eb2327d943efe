package dev.descent.backend;

/**
 * Elementwise kernels of two inputs (already broadcast to the output's shape). {@code alpha} scales the second operand
 * of ADD and SUB (a + alpha*b), and is the slope of LEAKY_RELU_BACKWARD. The *_BACKWARD kernels fuse an activation's
 * gradient into one pass: (grad, saved) -> grad_in.
 */
public enum BinaryOp {
    ADD,
    SUB,
    MUL,
    DIV,
    POW,
    MAXIMUM,
    MINIMUM,
    ATAN2,
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE,
    LOGICAL_AND,
    LOGICAL_OR,
    /** a - b trunc(a / b), with the sign of a (C's fmod); integer division by zero is an error. */
    FMOD,
    /** a - b floor(a / b), with the sign of b (Python's %); integer division by zero is an error. */
    REMAINDER,
    /** floor(a / b), computed from the remainder so that it is exact (Python's //). */
    FLOOR_DIVIDE,
    /** grad * (x > 0). */
    RELU_BACKWARD,
    /** grad * (x > 0 ? 1 : alpha). */
    LEAKY_RELU_BACKWARD,
    /** grad * y * (1 - y), with y = sigmoid(x). */
    SIGMOID_BACKWARD,
    /** grad * (1 - y^2), with y = tanh(x). */
    TANH_BACKWARD,
    /** grad * d/dx [x * Phi(x)]. */
    GELU_BACKWARD,
    /** grad * d/dx of the tanh approximation of GELU. */
    GELU_TANH_BACKWARD;

    public boolean isComparison() {
        return switch (this) {
            case EQ, NE, LT, LE, GT, GE, LOGICAL_AND, LOGICAL_OR -> true;
            default -> false;
        };
    }
}
