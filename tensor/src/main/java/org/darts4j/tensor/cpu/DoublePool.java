package org.darts4j.tensor.cpu;

import org.darts4j.tensor.PoolParams;

/**
 * Max and average pooling over contiguous NCHW planes, split over threads by plane. Max pooling's window maximum is
 * the first one in row-major order (as PyTorch picks it); padding never wins.
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatPool only. TWIN-NOTE
 */
final class DoublePool {
    private DoublePool() {}

    /** Index within the plane of the maximum of window (oh, ow); -1 if the window holds no real pixel. */
    private static int argmax(double[] x, int base, int h, int w, int oh, int ow, PoolParams p) {
        int h0 = oh * p.strideH() - p.padH(), w0 = ow * p.strideW() - p.padW();
        int best = -1;
        double m = Double.NEGATIVE_INFINITY;
        for (int i = Math.max(h0, 0); i < Math.min(h0 + p.kernelH(), h); i++) {
            for (int j = Math.max(w0, 0); j < Math.min(w0 + p.kernelW(), w); j++) {
                double v = x[base + i * w + j];
                if (best < 0 || !(v <= m)) {   // greater, or NaN (which wins at once)
                    m = v;
                    best = i * w + j;
                    if (v != v) return best;
                }
            }
        }
        return best;
    }

    static void max(double[] x, double[] y, int planes, int h, int w, int outH, int outW, PoolParams p) {
        Parallel.range(planes, 4, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int base = pl * h * w, ob = pl * outH * outW;
                for (int oh = 0; oh < outH; oh++)
                    for (int ow = 0; ow < outW; ow++) {
                        int a = argmax(x, base, h, w, oh, ow, p);
                        y[ob + oh * outW + ow] = a < 0 ? Double.NEGATIVE_INFINITY : x[base + a];
                    }
            }
        });
    }

    /** dx[argmax] += gy for every window. */
    static void maxScatter(double[] gy, double[] x, double[] dx, int planes, int h, int w, int outH, int outW, PoolParams p) {
        Parallel.range(planes, 4, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int base = pl * h * w, ob = pl * outH * outW;
                for (int oh = 0; oh < outH; oh++)
                    for (int ow = 0; ow < outW; ow++) {
                        int a = argmax(x, base, h, w, oh, ow, p);
                        if (a >= 0) dx[base + a] += gy[ob + oh * outW + ow];
                    }
            }
        });
    }

    /** out[window] = hIn[argmax]. */
    static void maxGather(double[] hIn, double[] x, double[] out, int planes, int h, int w, int outH, int outW, PoolParams p) {
        Parallel.range(planes, 4, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int base = pl * h * w, ob = pl * outH * outW;
                for (int oh = 0; oh < outH; oh++)
                    for (int ow = 0; ow < outW; ow++) {
                        int a = argmax(x, base, h, w, oh, ow, p);
                        out[ob + oh * outW + ow] = a < 0 ? 0 : hIn[base + a];
                    }
            }
        });
    }

    /** The divisor of window (oh, ow), as PyTorch computes it. */
    static int divisor(int h, int w, int oh, int ow, PoolParams p) {
        int h0 = oh * p.strideH() - p.padH(), w0 = ow * p.strideW() - p.padW();
        int h1 = Math.min(h0 + p.kernelH(), h + p.padH()), w1 = Math.min(w0 + p.kernelW(), w + p.padW());
        if (p.countIncludePad()) return (h1 - h0) * (w1 - w0);
        return (Math.min(h1, h) - Math.max(h0, 0)) * (Math.min(w1, w) - Math.max(w0, 0));
    }

    static void avg(double[] x, double[] y, int planes, int h, int w, int outH, int outW, PoolParams p) {
        Parallel.range(planes, 4, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int base = pl * h * w, ob = pl * outH * outW;
                for (int oh = 0; oh < outH; oh++) {
                    int h0 = oh * p.strideH() - p.padH();
                    for (int ow = 0; ow < outW; ow++) {
                        int w0 = ow * p.strideW() - p.padW();
                        double s = 0;
                        for (int i = Math.max(h0, 0); i < Math.min(h0 + p.kernelH(), h); i++)
                            for (int j = Math.max(w0, 0); j < Math.min(w0 + p.kernelW(), w); j++) s += x[base + i * w + j];
                        y[ob + oh * outW + ow] = s / divisor(h, w, oh, ow, p);
                    }
                }
            }
        });
    }

    static void avgBackward(double[] gy, double[] dx, int planes, int h, int w, int outH, int outW, PoolParams p) {
        Parallel.range(planes, 4, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int base = pl * h * w, ob = pl * outH * outW;
                for (int oh = 0; oh < outH; oh++) {
                    int h0 = oh * p.strideH() - p.padH();
                    for (int ow = 0; ow < outW; ow++) {
                        int w0 = ow * p.strideW() - p.padW();
                        double g = gy[ob + oh * outW + ow] / divisor(h, w, oh, ow, p);
                        for (int i = Math.max(h0, 0); i < Math.min(h0 + p.kernelH(), h); i++)
                            for (int j = Math.max(w0, 0); j < Math.min(w0 + p.kernelW(), w); j++) dx[base + i * w + j] += g;
                    }
                }
            }
        });
    }
}
