package org.darts4j.tensor;

/**
 * Geometry of a 2-D pooling window. For average pooling, {@code countIncludePad = false} divides by the number of real
 * pixels in the window (what DARTS uses); max pooling treats padding as -infinity.
 */
public record PoolParams(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, boolean countIncludePad) {
    public PoolParams {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0)
            throw new IllegalArgumentException("pool2d: invalid geometry " + this);
        if (2 * padH > kernelH || 2 * padW > kernelW)
            throw new IllegalArgumentException("pool2d: padding must be at most half the kernel, got " + this);
    }

    public static PoolParams of(int kernel, int stride, int padding, boolean countIncludePad) {
        return new PoolParams(kernel, kernel, stride, stride, padding, padding, countIncludePad);
    }

    public int outH(int h) { return (h + 2 * padH - kernelH) / strideH + 1; }

    public int outW(int w) { return (w + 2 * padW - kernelW) / strideW + 1; }
}
