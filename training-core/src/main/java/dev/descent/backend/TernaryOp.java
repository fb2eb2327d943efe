package dev.descent.backend;

/**
 * Elementwise kernels of three inputs with scalar coefficients, for updates that would otherwise take several passes
 * and temporaries (optimizer steps run one per parameter per training step):
 *
 * <ul>
 *   <li>ADDCMUL: out = beta a + alpha b c
 *   <li>ADDCDIV: out = beta a + alpha b / c
 *   <li>ADDCDIV_SQRT: out = beta a + alpha b / (sqrt(c) + gamma)
 * </ul>
 */
public enum TernaryOp {
    ADDCMUL,
    ADDCDIV,
    ADDCDIV_SQRT
}
