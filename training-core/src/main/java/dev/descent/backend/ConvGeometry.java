package dev.descent.backend;

/**
 * The sliding-window geometry shared by convolution (im2col/col2im) and pooling over an [N, C, H, W] input: kernel,
 * stride, padding and dilation per spatial axis, and the output size they give.
 */
public record ConvGeometry(
        int n,
        int c,
        int h,
        int w,
        int kh,
        int kw,
        int sh,
        int sw,
        int ph,
        int pw,
        int dh,
        int dw,
        int outH,
        int outW) {

    public static ConvGeometry of(
            int n,
            int c,
            int h,
            int w,
            int kh,
            int kw,
            int sh,
            int sw,
            int ph,
            int pw,
            int dh,
            int dw,
            boolean ceilMode) {
        if (kh <= 0 || kw <= 0) throw new IllegalArgumentException("kernel size must be > 0, got " + kh + "x" + kw);
        if (sh <= 0 || sw <= 0) throw new IllegalArgumentException("stride must be > 0, got " + sh + "x" + sw);
        if (ph < 0 || pw < 0) throw new IllegalArgumentException("padding must be >= 0, got " + ph + "x" + pw);
        if (dh <= 0 || dw <= 0) throw new IllegalArgumentException("dilation must be > 0, got " + dh + "x" + dw);
        int oh = outSize(h, kh, sh, ph, dh, ceilMode);
        int ow = outSize(w, kw, sw, pw, dw, ceilMode);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("input " + h + "x" + w + " is too small for kernel " + kh + "x" + kw
                    + " (stride " + sh + "x" + sw + ", padding " + ph + "x" + pw + ", dilation " + dh + "x" + dw
                    + "): output would be " + oh + "x" + ow);
        }
        return new ConvGeometry(n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow);
    }

    private static int outSize(int in, int k, int s, int p, int d, boolean ceil) {
        int span = in + 2 * p - d * (k - 1) - 1;
        // Rounded towards -inf, as PyTorch does: with ceil mode a dilated window wider than the input still gives one
        // output, from the elements it covers.
        int out = (ceil ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
        // PyTorch: with ceil mode the last window must start inside the input or left padding.
        if (ceil && (out - 1) * s >= in + p) out--;
        return out;
    }

    /** Rows of the im2col matrix: C * kh * kw. */
    public int colRows() {
        return c * kh * kw;
    }

    /** Columns of the im2col matrix per image: outH * outW. */
    public int colCols() {
        return outH * outW;
    }
}
