package org.darts4j.tensor.cpu;

import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.Shape;

/** The sizes of one conv2d call: input [n, c, h, w], weight [o, c/groups, kh, kw], output [n, o, oh, ow]. */
record ConvGeometry(int n, int c, int h, int w, int o, int kh, int kw, int oh, int ow, ConvParams p) {
    static ConvGeometry of(Shape x, Shape wt, ConvParams p) {
        return new ConvGeometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), wt.dim(0), wt.dim(2), wt.dim(3),
                p.outH(x.dim(2), wt.dim(2)), p.outW(x.dim(3), wt.dim(3)), p);
    }

    int groups() { return p.groups(); }
    int cg() { return c / p.groups(); }
    int og() { return o / p.groups(); }
    /** Rows of the im2col matrix of one group: cg * kh * kw. */
    int colRows() { return cg() * kh * kw; }
    int outPlane() { return oh * ow; }
    int inPlane() { return h * w; }

    /** One input and one output channel per group (groups = channels), as DARTS's separable and dilated convolutions. */
    boolean depthwise() { return p.groups() == c && o == c && c > 1; }

    /** A 1x1 convolution with stride 1 and no padding reads the input directly as the GEMM operand. */
    boolean pointwise() {
        return kh == 1 && kw == 1 && p.strideH() == 1 && p.strideW() == 1 && p.padH() == 0 && p.padW() == 0;
    }

    Shape outShape() { return Shape.of(n, o, oh, ow); }

    /** First output column whose input column {@code ow*s - pad + j*d} is at least 0. */
    int firstValid(int pad, int j, int d, int s) {
        int num = pad - j * d;
        return num <= 0 ? 0 : (num + s - 1) / s;
    }

    /** One past the last output column whose input column is below {@code size}. */
    int endValid(int pad, int j, int d, int s, int size, int out) {
        int num = size - 1 + pad - j * d;
        if (num < 0) return 0;
        return Math.min(out, num / s + 1);
    }
}
