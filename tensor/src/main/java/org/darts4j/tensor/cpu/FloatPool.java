package org.darts4j.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.darts4j.tensor.PoolParams;

/**
 * Max and average pooling over contiguous NCHW planes, split over threads by plane. Max pooling's window maximum is
 * the first one in row-major order (as PyTorch picks it); padding never wins. Stride-1 max pooling (DARTS's
 * max_pool_3x3 in normal cells) runs on vectors: the window maximum m is the running lane-wise maximum over the taps of
 * a plane bordered with −∞, and the argmax is the first tap equal to m (or NaN, where m is NaN) found by blending tap
 * numbers in reverse order; the (rare) windows whose maximum is −∞ take the scalar search, so padding never wins there
 * either. (A window holding both −0 and +0 as its maximum gives +0 where the scalar search gives the first of them.)
 * Stride-1 average pooling and its adjoint run on the same bordered planes (see {@link #avg}, {@link #avgBackward}).
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatPool only. TWIN-NOTE
 */
final class FloatPool {
    private FloatPool() {}

    /** Index within the plane of the maximum of window (oh, ow); -1 if the window holds no real pixel. */
    private static int argmax(float[] x, int base, int h, int w, int oh, int ow, PoolParams p) {
        int h0 = oh * p.strideH() - p.padH(), w0 = ow * p.strideW() - p.padW();
        int best = -1;
        float m = Float.NEGATIVE_INFINITY;
        for (int i = Math.max(h0, 0); i < Math.min(h0 + p.kernelH(), h); i++) {
            for (int j = Math.max(w0, 0); j < Math.min(w0 + p.kernelW(), w); j++) {
                float v = x[base + i * w + j];
                if (best < 0 || !(v <= m)) {   // greater, or NaN (which wins at once)
                    m = v;
                    best = i * w + j;
                    if (v != v) return best;
                }
            }
        }
        return best;
    }

    static void max(float[] x, float[] y, int planes, int h, int w, int outH, int outW, PoolParams p) {
        if (vectorServes(p)) {
            Parallel.range(planes, 4, (from, to) -> {
                Rows r = new Rows(h, w, outH, outW, p);
                for (int pl = from; pl < to; pl++) {
                    r.load(x, pl * h * w, h, w, p, Float.NEGATIVE_INFINITY);
                    for (int oh = 0; oh < outH; oh++) {
                        r.max(oh, p);
                        System.arraycopy(r.m, 0, y, pl * outH * outW + oh * outW, outW);
                    }
                }
            });
            return;
        }
        Parallel.range(planes, 4, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int base = pl * h * w, ob = pl * outH * outW;
                for (int oh = 0; oh < outH; oh++)
                    for (int ow = 0; ow < outW; ow++) {
                        int a = argmax(x, base, h, w, oh, ow, p);
                        y[ob + oh * outW + ow] = a < 0 ? Float.NEGATIVE_INFINITY : x[base + a];
                    }
            }
        });
    }

    /** Visits every window's argmax: {@code visit.at(plane offset, output index, argmax within the plane or −1)}. */
    private interface ArgmaxVisitor { void at(int base, int out, int a); }

    private static void forEachArgmax(float[] x, int planes, int h, int w, int outH, int outW, PoolParams p, ArgmaxVisitor visit) {
        if (vectorServes(p)) {
            int[] within = new int[p.kernelH() * p.kernelW()];   // tap t = i·k_w + j lies i·w + j into its window
            for (int t = 0; t < within.length; t++) within[t] = t / p.kernelW() * w + t % p.kernelW();
            Parallel.range(planes, 4, (from, to) -> {
                Rows r = new Rows(h, w, outH, outW, p);
                for (int pl = from; pl < to; pl++) {
                    int base = pl * h * w, ob = pl * outH * outW;
                    r.load(x, base, h, w, p, Float.NEGATIVE_INFINITY);
                    for (int oh = 0; oh < outH; oh++) {
                        r.max(oh, p);
                        r.argmax(oh, p);
                        int corner = (oh * p.strideH() - p.padH()) * w - p.padW();
                        for (int ow = 0; ow < outW; ow++) {
                            int a = r.m[ow] == Float.NEGATIVE_INFINITY ? argmax(x, base, h, w, oh, ow, p)
                                    : corner + ow * p.strideW() + within[(int) r.tap[ow]];
                            visit.at(base, ob + oh * outW + ow, a);
                        }
                    }
                }
            });
            return;
        }
        Parallel.range(planes, 4, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int base = pl * h * w, ob = pl * outH * outW;
                for (int oh = 0; oh < outH; oh++)
                    for (int ow = 0; ow < outW; ow++) visit.at(base, ob + oh * outW + ow, argmax(x, base, h, w, oh, ow, p));
            }
        });
    }

    /** dx[argmax] += gy for every window. */
    static void maxScatter(float[] gy, float[] x, float[] dx, int planes, int h, int w, int outH, int outW, PoolParams p) {
        forEachArgmax(x, planes, h, w, outH, outW, p, (base, o, a) -> {
            if (a >= 0) dx[base + a] += gy[o];
        });
    }

    /** out[window] = hIn[argmax]. */
    static void maxGather(float[] hIn, float[] x, float[] out, int planes, int h, int w, int outH, int outW, PoolParams p) {
        forEachArgmax(x, planes, h, w, outH, outW, p, (base, o, a) -> out[o] = a < 0 ? 0 : hIn[base + a]);
    }

    /** Stride 1 or 2 on a JVM with the Vector API (checked first, so that the vector classes load only then). */
    private static boolean vectorServes(PoolParams p) {
        return Gemm.VECTORIZED && (p.strideH() == 1 && p.strideW() == 1 || p.strideH() == 2 && p.strideW() == 2);
    }

    /**
     * One plane bordered with −∞ (or zeros), its width rounded so that an output row is whole vectors, and one output
     * row's window maxima {@code m} and argmax tap numbers {@code tap} (i·k_w + j, as floats). With stride 2 the
     * bordered plane P is held as its four phases P_ab[r, q] = P[2r + a, 2q + b], so that tap (i, j) of output row oh
     * is the contiguous row oh + ⌊i/2⌋ of phase (i mod 2, j mod 2) from column ⌊j/2⌋ on.
     */
    private static final class Rows {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        private static final int L = S.length();
        final int pw, phase;
        final boolean stride2;
        final float[] plane, m, tap;

        Rows(int h, int w, int outH, int outW, PoolParams p) {
            int width = width(outW);
            stride2 = p.strideH() == 2;
            if (stride2) {
                pw = Math.max(width + (p.kernelW() - 1) / 2 + 1, (w + 2 * p.padW() + 1) / 2 + 1);
                phase = Math.max(outH + (p.kernelH() - 1) / 2 + 1, (h + 2 * p.padH() + 1) / 2 + 1) * pw;
                plane = new float[4 * phase];
            } else {
                pw = width + p.kernelW() - 1;
                phase = (h + 2 * p.padH()) * pw;
                plane = new float[phase];
            }
            m = new float[width];
            tap = new float[width];
        }

        /** Where tap (i, j) of output row oh starts in {@code plane}. */
        int offset(int oh, int i, int j) {
            return stride2 ? ((i & 1) * 2 + (j & 1)) * phase + (oh + (i >> 1)) * pw + (j >> 1) : (oh + i) * pw + j;
        }

        void load(float[] x, int base, int h, int w, PoolParams p, float border) {
            java.util.Arrays.fill(plane, border);
            if (!stride2) {
                for (int r = 0; r < h; r++) System.arraycopy(x, base + r * w, plane, (r + p.padH()) * pw + p.padW(), w);
                return;
            }
            for (int r = 0; r < h; r++) {
                int pr = r + p.padH(), rowOff = (pr & 1) * 2 * phase + (pr >> 1) * pw;
                for (int c = 0; c < w; c++) {
                    int pc = c + p.padW();
                    plane[rowOff + (pc & 1) * phase + (pc >> 1)] = x[base + r * w + c];
                }
            }
        }

        /** Whether the window is DARTS's 3x3, whose nine taps {@link #max}, {@link #average} and {@link #argmax} keep in registers. */
        private static boolean threeByThree(PoolParams p) { return p.kernelH() == 3 && p.kernelW() == 3; }

        /** m = the lane-wise maximum over the window's taps, one tap at a time (3x3: all nine per vector, stored once). */
        void max(int oh, PoolParams p) {
            if (threeByThree(p)) {
                int o0 = offset(oh, 0, 0), o1 = offset(oh, 0, 1), o2 = offset(oh, 0, 2), o3 = offset(oh, 1, 0), o4 = offset(oh, 1, 1),
                        o5 = offset(oh, 1, 2), o6 = offset(oh, 2, 0), o7 = offset(oh, 2, 1), o8 = offset(oh, 2, 2);
                for (int u = 0; u < m.length; u += L) {
                    FloatVector v = FloatVector.fromArray(S, plane, o0 + u);
                    v = FloatVector.fromArray(S, plane, o1 + u).lanewise(VectorOperators.MAX, v);
                    v = FloatVector.fromArray(S, plane, o2 + u).lanewise(VectorOperators.MAX, v);
                    v = FloatVector.fromArray(S, plane, o3 + u).lanewise(VectorOperators.MAX, v);
                    v = FloatVector.fromArray(S, plane, o4 + u).lanewise(VectorOperators.MAX, v);
                    v = FloatVector.fromArray(S, plane, o5 + u).lanewise(VectorOperators.MAX, v);
                    v = FloatVector.fromArray(S, plane, o6 + u).lanewise(VectorOperators.MAX, v);
                    v = FloatVector.fromArray(S, plane, o7 + u).lanewise(VectorOperators.MAX, v);
                    v = FloatVector.fromArray(S, plane, o8 + u).lanewise(VectorOperators.MAX, v);
                    v.intoArray(m, u);
                }
                return;
            }
            System.arraycopy(plane, offset(oh, 0, 0), m, 0, m.length);
            for (int i = 0; i < p.kernelH(); i++)
                for (int j = i == 0 ? 1 : 0; j < p.kernelW(); j++) maxTap(plane, offset(oh, i, j), m);
        }

        /** m = the sum over the window's taps in row-major order (the border adds zeros), divided by {@code div}'s row oh. */
        void average(int oh, PoolParams p, float[] div) {
            if (threeByThree(p)) {   // the same additions in the same order, in a register
                int o0 = offset(oh, 0, 0), o1 = offset(oh, 0, 1), o2 = offset(oh, 0, 2), o3 = offset(oh, 1, 0), o4 = offset(oh, 1, 1),
                        o5 = offset(oh, 1, 2), o6 = offset(oh, 2, 0), o7 = offset(oh, 2, 1), o8 = offset(oh, 2, 2);
                for (int u = 0; u < m.length; u += L) {
                    FloatVector v = FloatVector.fromArray(S, plane, o0 + u).add(FloatVector.zero(S));
                    v = FloatVector.fromArray(S, plane, o1 + u).add(v);
                    v = FloatVector.fromArray(S, plane, o2 + u).add(v);
                    v = FloatVector.fromArray(S, plane, o3 + u).add(v);
                    v = FloatVector.fromArray(S, plane, o4 + u).add(v);
                    v = FloatVector.fromArray(S, plane, o5 + u).add(v);
                    v = FloatVector.fromArray(S, plane, o6 + u).add(v);
                    v = FloatVector.fromArray(S, plane, o7 + u).add(v);
                    v = FloatVector.fromArray(S, plane, o8 + u).add(v);
                    v.div(FloatVector.fromArray(S, div, oh * m.length + u)).intoArray(m, u);
                }
                return;
            }
            java.util.Arrays.fill(m, 0);
            for (int i = 0; i < p.kernelH(); i++)
                for (int j = 0; j < p.kernelW(); j++) addTap(plane, offset(oh, i, j), m);
            for (int u = 0; u < m.length; u += L)
                FloatVector.fromArray(S, m, u).div(FloatVector.fromArray(S, div, oh * m.length + u)).intoArray(m, u);
        }

        /** tap = the first tap (row-major) equal to m or NaN: taps blended from the last to the first. */
        void argmax(int oh, PoolParams p) {
            if (threeByThree(p)) {
                int o0 = offset(oh, 0, 0), o1 = offset(oh, 0, 1), o2 = offset(oh, 0, 2), o3 = offset(oh, 1, 0), o4 = offset(oh, 1, 1),
                        o5 = offset(oh, 1, 2), o6 = offset(oh, 2, 0), o7 = offset(oh, 2, 1), o8 = offset(oh, 2, 2);
                for (int u = 0; u < m.length; u += L) {
                    FloatVector mv = FloatVector.fromArray(S, m, u), t = FloatVector.fromArray(S, tap, u), v;
                    v = FloatVector.fromArray(S, plane, o8 + u); t = t.blend(8, v.compare(VectorOperators.EQ, mv).or(v.test(VectorOperators.IS_NAN)));
                    v = FloatVector.fromArray(S, plane, o7 + u); t = t.blend(7, v.compare(VectorOperators.EQ, mv).or(v.test(VectorOperators.IS_NAN)));
                    v = FloatVector.fromArray(S, plane, o6 + u); t = t.blend(6, v.compare(VectorOperators.EQ, mv).or(v.test(VectorOperators.IS_NAN)));
                    v = FloatVector.fromArray(S, plane, o5 + u); t = t.blend(5, v.compare(VectorOperators.EQ, mv).or(v.test(VectorOperators.IS_NAN)));
                    v = FloatVector.fromArray(S, plane, o4 + u); t = t.blend(4, v.compare(VectorOperators.EQ, mv).or(v.test(VectorOperators.IS_NAN)));
                    v = FloatVector.fromArray(S, plane, o3 + u); t = t.blend(3, v.compare(VectorOperators.EQ, mv).or(v.test(VectorOperators.IS_NAN)));
                    v = FloatVector.fromArray(S, plane, o2 + u); t = t.blend(2, v.compare(VectorOperators.EQ, mv).or(v.test(VectorOperators.IS_NAN)));
                    v = FloatVector.fromArray(S, plane, o1 + u); t = t.blend(1, v.compare(VectorOperators.EQ, mv).or(v.test(VectorOperators.IS_NAN)));
                    v = FloatVector.fromArray(S, plane, o0 + u); t = t.blend(0, v.compare(VectorOperators.EQ, mv).or(v.test(VectorOperators.IS_NAN)));
                    t.intoArray(tap, u);
                }
                return;
            }
            for (int t = p.kernelH() * p.kernelW() - 1; t >= 0; t--)
                matchTap(plane, offset(oh, t / p.kernelW(), t % p.kernelW()), m, t, tap);
        }

        private static void maxTap(float[] plane, int off, float[] m) {
            for (int u = 0; u < m.length; u += L)
                FloatVector.fromArray(S, plane, off + u).lanewise(VectorOperators.MAX, FloatVector.fromArray(S, m, u)).intoArray(m, u);
        }

        /** dst[d..d + src.length) += src[s..). */
        static void addTap(float[] src, int s, float[] dst, int d) {
            for (int u = 0; u < src.length - s; u += L)
                FloatVector.fromArray(S, src, s + u).add(FloatVector.fromArray(S, dst, d + u)).intoArray(dst, d + u);
        }

        static void addTap(float[] plane, int off, float[] acc) {
            for (int u = 0; u < acc.length; u += L)
                FloatVector.fromArray(S, plane, off + u).add(FloatVector.fromArray(S, acc, u)).intoArray(acc, u);
        }

        /** acc = Σ_{i,j &lt; 3} src[at + i·stride + j + u] for every lane u, added from zero in row-major order, in a register. */
        static void sum3x3(float[] src, int at, int stride, float[] acc) {
            int r1 = at + stride, r2 = r1 + stride;
            for (int u = 0; u < acc.length; u += L) {
                FloatVector v = FloatVector.fromArray(S, src, at + u).add(FloatVector.zero(S));
                v = FloatVector.fromArray(S, src, at + 1 + u).add(v);
                v = FloatVector.fromArray(S, src, at + 2 + u).add(v);
                v = FloatVector.fromArray(S, src, r1 + u).add(v);
                v = FloatVector.fromArray(S, src, r1 + 1 + u).add(v);
                v = FloatVector.fromArray(S, src, r1 + 2 + u).add(v);
                v = FloatVector.fromArray(S, src, r2 + u).add(v);
                v = FloatVector.fromArray(S, src, r2 + 1 + u).add(v);
                v = FloatVector.fromArray(S, src, r2 + 2 + u).add(v);
                v.intoArray(acc, u);
            }
        }

        static int width(int n) { return (n + L - 1) / L * L; }

        private static void matchTap(float[] plane, int off, float[] m, int t, float[] tap) {
            FloatVector tv = FloatVector.broadcast(S, t);
            for (int u = 0; u < m.length; u += L) {
                FloatVector v = FloatVector.fromArray(S, plane, off + u);
                VectorMask<Float> hit = v.compare(VectorOperators.EQ, FloatVector.fromArray(S, m, u)).or(v.test(VectorOperators.IS_NAN));
                FloatVector.fromArray(S, tap, u).blend(tv, hit).intoArray(tap, u);
            }
        }
    }

    /** The divisor of window (oh, ow), as PyTorch computes it. */
    static int divisor(int h, int w, int oh, int ow, PoolParams p) {
        int h0 = oh * p.strideH() - p.padH(), w0 = ow * p.strideW() - p.padW();
        int h1 = Math.min(h0 + p.kernelH(), h + p.padH()), w1 = Math.min(w0 + p.kernelW(), w + p.padW());
        if (p.countIncludePad()) return (h1 - h0) * (w1 - w0);
        return (Math.min(h1, h) - Math.max(h0, 0)) * (Math.min(w1, w) - Math.max(w0, 0));
    }

    /** The divisors of every window, rows of {@code width} (1 past outW). */
    private static float[] divisors(int h, int w, int outH, int outW, int width, PoolParams p) {
        float[] div = new float[outH * width];
        java.util.Arrays.fill(div, 1);
        for (int oh = 0; oh < outH; oh++) for (int ow = 0; ow < outW; ow++) div[oh * width + ow] = divisor(h, w, oh, ow, p);
        return div;
    }

    /**
     * Average pooling. Stride 1 runs on vectors: a zero-bordered plane, the taps summed in the scalar loop's order
     * (the border adds exact zeros), the same division: the same bits as the scalar loop.
     */
    static void avg(float[] x, float[] y, int planes, int h, int w, int outH, int outW, PoolParams p) {
        if (vectorServes(p)) {
            float[] div = divisors(h, w, outH, outW, Rows.width(outW), p);
            Parallel.range(planes, 4, (from, to) -> {
                Rows r = new Rows(h, w, outH, outW, p);
                for (int pl = from; pl < to; pl++) {
                    r.load(x, pl * h * w, h, w, p, 0);
                    for (int oh = 0; oh < outH; oh++) {
                        r.average(oh, p, div);
                        System.arraycopy(r.m, 0, y, pl * outH * outW + oh * outW, outW);
                    }
                }
            });
            return;
        }
        Parallel.range(planes, 4, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int base = pl * h * w, ob = pl * outH * outW;
                for (int oh = 0; oh < outH; oh++) {
                    int h0 = oh * p.strideH() - p.padH();
                    for (int ow = 0; ow < outW; ow++) {
                        int w0 = ow * p.strideW() - p.padW();
                        float s = 0;
                        for (int i = Math.max(h0, 0); i < Math.min(h0 + p.kernelH(), h); i++)
                            for (int j = Math.max(w0, 0); j < Math.min(w0 + p.kernelW(), w); j++) s += x[base + i * w + j];
                        y[ob + oh * outW + ow] = s / divisor(h, w, oh, ow, p);
                    }
                }
            }
        });
    }

    /**
     * dx[r, c] = Σ over the windows holding (r, c), in row-major order of the windows, of gy / divisor. Stride 1 runs
     * on vectors: with g̃ = gy / divisor in a zero-bordered plane, dx[r, c] = Σ_{i', j'} g̃[r + p_h + i', c + p_w + j']
     * (i' = k_h − 1 − i: the windows' row-major order is the taps' reversed), summed from zero in that order: the same
     * bits as the scalar loop.
     */
    static void avgBackward(float[] gy, float[] dx, int planes, int h, int w, int outH, int outW, PoolParams p) {
        if (vectorServes(p) && p.strideH() == 2) { avgBackwardStride2(gy, dx, planes, h, w, outH, outW, p); return; }
        if (vectorServes(p)) {
            int kh = p.kernelH(), kw = p.kernelW(), width = Rows.width(w), divW = Rows.width(outW);
            int gw = width + p.padW() + kw - 1, gh = h + p.padH() + kh - 1;
            float[] div = divisors(h, w, outH, outW, divW, p);
            Parallel.range(planes, 4, (from, to) -> {
                float[] g = new float[gh * gw], acc = new float[width];
                for (int pl = from; pl < to; pl++) {
                    int ob = pl * outH * outW;
                    for (int oh = 0; oh < outH; oh++)
                        for (int ow = 0; ow < outW; ow++)
                            g[(oh + kh - 1) * gw + ow + kw - 1] = gy[ob + oh * outW + ow] / div[oh * divW + ow];
                    for (int r = 0; r < h; r++) {
                        if (kh == 3 && kw == 3) Rows.sum3x3(g, (r + p.padH()) * gw + p.padW(), gw, acc);
                        else {
                            java.util.Arrays.fill(acc, 0);
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++) Rows.addTap(g, (r + p.padH() + i) * gw + p.padW() + j, acc);
                        }
                        System.arraycopy(acc, 0, dx, pl * h * w + r * w, w);
                    }
                }
            });
            return;
        }
        Parallel.range(planes, 4, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int base = pl * h * w, ob = pl * outH * outW;
                for (int oh = 0; oh < outH; oh++) {
                    int h0 = oh * p.strideH() - p.padH();
                    for (int ow = 0; ow < outW; ow++) {
                        int w0 = ow * p.strideW() - p.padW();
                        float g = gy[ob + oh * outW + ow] / divisor(h, w, oh, ow, p);
                        for (int i = Math.max(h0, 0); i < Math.min(h0 + p.kernelH(), h); i++)
                            for (int j = Math.max(w0, 0); j < Math.min(w0 + p.kernelW(), w); j++) dx[base + i * w + j] += g;
                    }
                }
            }
        });
    }

    /**
     * Stride 2: every window adds g̃ = gy / divisor to its taps; tap (i, j) of the windows of output row oh is the
     * contiguous row oh + ⌊i/2⌋ of the padded plane's phase (i mod 2, j mod 2), so each tap adds a row of g̃ (zeros past
     * outW) there, and the phases interleave back into dx. Within a row of windows the taps add in another order than
     * the scalar loop's, so the last bit may differ from it.
     */
    private static void avgBackwardStride2(float[] gy, float[] dx, int planes, int h, int w, int outH, int outW, PoolParams p) {
        int kh = p.kernelH(), kw = p.kernelW(), width = Rows.width(outW);
        float[] div = divisors(h, w, outH, outW, width, p);
        Parallel.range(planes, 4, (from, to) -> {
            Rows r = new Rows(h, w, outH, outW, p);
            float[] g = new float[width];
            for (int pl = from; pl < to; pl++) {
                java.util.Arrays.fill(r.plane, 0);
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) g[ow] = gy[pl * outH * outW + oh * outW + ow] / div[oh * width + ow];
                    for (int i = 0; i < kh; i++)
                        for (int j = 0; j < kw; j++) Rows.addTap(g, 0, r.plane, r.offset(oh, i, j));
                }
                for (int row = 0; row < h; row++) {
                    int pr = row + p.padH(), rowOff = (pr & 1) * 2 * r.phase + (pr >> 1) * r.pw;
                    for (int c = 0; c < w; c++) {
                        int pc = c + p.padW();
                        dx[pl * h * w + row * w + c] = r.plane[rowOff + (pc & 1) * r.phase + (pc >> 1)];
                    }
                }
            }
        });
    }
}
