package org.darts4j.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 depthwise convolution (DARTS's separable and dilated convolutions outside reduction cells) with the Vector
 * API: each plane is first copied into a zero-bordered scratch plane, so that every tap reads a full row segment and
 * an output vector sums all k_h·k_w taps in registers before it is stored once.
 * <ul>
 *   <li>forward: y[oh, ow] = Σ_{i,j} w[i, j] · x̃[oh + i·d_h, ow + j·d_w], x̃ = x with a border of the padding;</li>
 *   <li>input gradient: the same correlation of g̃y (gy with a border of d·(k − 1) − p) with the flipped kernel;</li>
 *   <li>weight gradient: dw[i, j] = Σ_n Σ_{oh, ow} gy[oh, ow] · x̃[oh + i·d_h, ow + j·d_w], vector partial sums per
 *       image, added in double.</li>
 * </ul>
 * The summation order is fixed per plane, so results do not depend on the thread count.
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatDepthwise only. TWIN-NOTE
 */
final class FloatDepthwise {
    private FloatDepthwise() {}

    // The preferred species, as in the other kernels (a mix of 256- and 512-bit species in one JVM was one of the
    // triggers of C2's fallback to boxed vectors); rows are computed over whole vectors, without masks.
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ThreadLocal<float[][]> PAD = ThreadLocal.withInitial(() -> new float[1][0]);

    /** This thread's scratch plane of at least {@code size} values (also FloatDepthwiseStride2's). */
    static float[] scratch(int size) {
        float[][] holder = PAD.get();
        if (holder[0].length < size) holder[0] = new float[size];
        return holder[0];
    }

    /** Whether these kernels serve the geometry: stride 1, and a border that is not negative for the input gradient. */
    static boolean serves(ConvGeometry g) {
        var p = g.p();
        return p.strideH() == 1 && p.strideW() == 1 && p.dilationH() * (g.kh() - 1) >= p.padH() && p.dilationW() * (g.kw() - 1) >= p.padW();
    }

    /**
     * Copies plane {@code src[off..]} of h x w into {@code dst} (rows dw wide) at (top, left). The border around it is
     * not touched: a kernel clears its scratch plane once and then copies plane after plane into the same interior, so
     * the border stays zero.
     */
    private static void pad(float[] src, int off, int h, int w, int top, int left, float[] dst, int dw) {
        for (int r = 0; r < h; r++) System.arraycopy(src, off + r * w, dst, (r + top) * dw + left, w);
    }

    /** Output rows are computed over their width rounded up to whole vectors: no scalar tails. */
    private static int vectorWidth(int w) { return (w + L - 1) / L * L; }

    /**
     * out[oh, ow] (outH x outW at outOff) = Σ_{i,j} k[i·kw + j] · src[(oh + i·dh)·srcW + ow + j·dw]. {@code src} is at
     * least {@code vectorWidth(outW) + (kw − 1)·dw} wide, so the lanes past outW read its zero border; each row is
     * computed into {@code row} and its first outW values copied out.
     */
    private static void correlate(float[] src, int srcW, float[] k, int kh, int kw, int dh, int dw, float[] out, int outOff, int outH, int outW, float[] row) {
        int width = vectorWidth(outW);
        for (int oh = 0; oh < outH; oh++) {
            switch (kw) {
                case 3 -> row3(src, srcW, k, kh, dh, dw, row, oh, width);
                case 5 -> row5(src, srcW, k, kh, dh, dw, row, oh, width);
                default -> rowByTap(src, srcW, k, kh, kw, dh, dw, row, oh, width);
            }
            System.arraycopy(row, 0, out, outOff + oh * outW, outW);
        }
    }

    // The taps of a kernel row are written out for the usual widths: with a loop over them nested in the loop over
    // kernel rows, JDK 17's C2 did not keep the accumulator in a register and fell back to allocating vectors (0.1-2.7
    // GFLOP/s instead of 7). Small methods, one loop level around the accumulator: the lesson of the first version.
    private static void row3(float[] src, int srcW, float[] k, int kh, int dh, int dw, float[] row, int oh, int width) {
        for (int ow = 0; ow < width; ow += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < kh; i++) {
                int r = (oh + i * dh) * srcW + ow, t = i * 3;
                acc = FloatVector.fromArray(S, src, r).fma(FloatVector.broadcast(S, k[t]), acc);
                acc = FloatVector.fromArray(S, src, r + dw).fma(FloatVector.broadcast(S, k[t + 1]), acc);
                acc = FloatVector.fromArray(S, src, r + 2 * dw).fma(FloatVector.broadcast(S, k[t + 2]), acc);
            }
            acc.intoArray(row, ow);
        }
    }

    private static void row5(float[] src, int srcW, float[] k, int kh, int dh, int dw, float[] row, int oh, int width) {
        for (int ow = 0; ow < width; ow += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < kh; i++) {
                int r = (oh + i * dh) * srcW + ow, t = i * 5;
                acc = FloatVector.fromArray(S, src, r).fma(FloatVector.broadcast(S, k[t]), acc);
                acc = FloatVector.fromArray(S, src, r + dw).fma(FloatVector.broadcast(S, k[t + 1]), acc);
                acc = FloatVector.fromArray(S, src, r + 2 * dw).fma(FloatVector.broadcast(S, k[t + 2]), acc);
                acc = FloatVector.fromArray(S, src, r + 3 * dw).fma(FloatVector.broadcast(S, k[t + 3]), acc);
                acc = FloatVector.fromArray(S, src, r + 4 * dw).fma(FloatVector.broadcast(S, k[t + 4]), acc);
            }
            acc.intoArray(row, ow);
        }
    }

    /** Any kernel width: one tap at a time over the whole row, accumulated in memory (in L1; taps in the same order). */
    private static void rowByTap(float[] src, int srcW, float[] k, int kh, int kw, int dh, int dw, float[] row, int oh, int width) {
        java.util.Arrays.fill(row, 0, width, 0);
        for (int i = 0; i < kh; i++)
            for (int j = 0; j < kw; j++) tap(src, (oh + i * dh) * srcW + j * dw, k[i * kw + j], row, width);
    }

    /** row[0..width) += kv · src[s..s + width). */
    static void tap(float[] src, int s, float kv, float[] row, int width) {
        FloatVector w = FloatVector.broadcast(S, kv);
        for (int ow = 0; ow < width; ow += L)
            FloatVector.fromArray(S, src, s + ow).fma(w, FloatVector.fromArray(S, row, ow)).intoArray(row, ow);
    }

    /** Σ_t a[ao + t]·b[bo + t] for t < n: vector lanes, then the scalar tail. */
    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int vecEnd = n - n % L;
        FloatVector s = FloatVector.zero(S);
        for (int t = 0; t < vecEnd; t += L) s = FloatVector.fromArray(S, a, ao + t).fma(FloatVector.fromArray(S, b, bo + t), s);
        float r = s.reduceLanes(VectorOperators.ADD);
        for (int t = vecEnd; t < n; t++) r += a[ao + t] * b[bo + t];
        return r;
    }

    static void forward(float[] x, float[] w, float[] y, ConvGeometry g) {
        var p = g.p();
        int c = g.c(), kh = g.kh(), kw = g.kw(), h = g.h(), wd = g.w(), oh = g.oh(), ow = g.ow();
        int ph = h + 2 * p.padH(), pw = vectorWidth(ow) + p.dilationW() * (kw - 1);
        Parallel.range(g.n() * c, 2, (from, to) -> {
            float[] xp = scratch(ph * pw);
            java.util.Arrays.fill(xp, 0, ph * pw, 0);
            float[] k = new float[kh * kw], row = new float[vectorWidth(ow)];
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c;
                System.arraycopy(w, ch * kh * kw, k, 0, kh * kw);
                pad(x, plane * h * wd, h, wd, p.padH(), p.padW(), xp, pw);
                correlate(xp, pw, k, kh, kw, p.dilationH(), p.dilationW(), y, plane * oh * ow, oh, ow, row);
            }
        });
    }

    static void inputGrad(float[] gy, float[] w, float[] dx, ConvGeometry g) {
        var p = g.p();
        int c = g.c(), kh = g.kh(), kw = g.kw(), h = g.h(), wd = g.w(), oh = g.oh(), ow = g.ow();
        int bh = p.dilationH() * (kh - 1) - p.padH(), bw = p.dilationW() * (kw - 1) - p.padW();
        int ph = h + p.dilationH() * (kh - 1), pw = vectorWidth(wd) + p.dilationW() * (kw - 1);
        Parallel.range(g.n() * c, 2, (from, to) -> {
            float[] gp = scratch(ph * pw);
            java.util.Arrays.fill(gp, 0, ph * pw, 0);
            float[] k = new float[kh * kw], row = new float[vectorWidth(wd)];
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c;
                for (int t = 0; t < kh * kw; t++) k[t] = w[ch * kh * kw + kh * kw - 1 - t];   // flipped in both axes
                pad(gy, plane * oh * ow, oh, ow, bh, bw, gp, pw);
                correlate(gp, pw, k, kh, kw, p.dilationH(), p.dilationW(), dx, plane * h * wd, h, wd, row);
            }
        });
    }

    /**
     * dw[i, j] = Σ_n Σ_t g̃y[t] · x̃[t + i·d_h·pw + j·d_w]: gy is laid out with the row width pw of the padded input
     * x̃, zeros past each row's ow values, so that the sum over a plane is one flat dot product per tap with no row
     * tails. (The zero lanes multiply input values; they add nothing unless the input holds an infinity or NaN, where
     * the gradient is not finite anyway.)
     */
    static void weightGrad(float[] x, float[] gy, float[] dw, ConvGeometry g) {
        var p = g.p();
        int c = g.c(), kh = g.kh(), kw = g.kw(), h = g.h(), wd = g.w(), ohN = g.oh(), owN = g.ow(), n = g.n();
        int dh = p.dilationH(), dwl = p.dilationW();
        int ph = h + 2 * p.padH(), pw = vectorWidth(owN) + dwl * (kw - 1), len = vectorWidth(ohN * pw);
        int xpLen = (ph + 1) * pw + len - ohN * pw + L;   // the last taps read up to (kw − 1)·d_w + L past the plane
        Parallel.range(c, 1, (from, to) -> {
            float[] xp = scratch(xpLen), gp = new float[len];
            java.util.Arrays.fill(xp, 0, xpLen, 0);
            double[] acc = new double[kh * kw];
            for (int ch = from; ch < to; ch++) {
                java.util.Arrays.fill(acc, 0);
                for (int img = 0; img < n; img++) {
                    int plane = img * c + ch, gOff = plane * ohN * owN;
                    pad(x, plane * h * wd, h, wd, p.padH(), p.padW(), xp, pw);
                    for (int oh = 0; oh < ohN; oh++) System.arraycopy(gy, gOff + oh * owN, gp, oh * pw, owN);
                    for (int i = 0; i < kh; i++) {
                        int base = i * dh * pw;
                        if (kw == 3) taps3(gp, xp, base, dwl, len, acc, i * 3);
                        else for (int j = 0; j < kw; j++) acc[i * kw + j] += dot(gp, 0, xp, base + j * dwl, len);
                    }
                }
                for (int t = 0; t < kh * kw; t++) dw[ch * kh * kw + t] = (float) acc[t];
            }
        });
    }

    /** The three taps of one kernel row at once: one load of g̃y serves three products. */
    private static void taps3(float[] gp, float[] xp, int base, int dw, int len, double[] acc, int t) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S);
        for (int u = 0; u < len; u += L) {
            FloatVector gv = FloatVector.fromArray(S, gp, u);
            s0 = FloatVector.fromArray(S, xp, base + u).fma(gv, s0);
            s1 = FloatVector.fromArray(S, xp, base + u + dw).fma(gv, s1);
            s2 = FloatVector.fromArray(S, xp, base + u + 2 * dw).fma(gv, s2);
        }
        acc[t] += s0.reduceLanes(VectorOperators.ADD);
        acc[t + 1] += s1.reduceLanes(VectorOperators.ADD);
        acc[t + 2] += s2.reduceLanes(VectorOperators.ADD);
    }
}
