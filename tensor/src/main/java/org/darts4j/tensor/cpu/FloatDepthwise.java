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

    // 256-bit vectors and scalar tails: the rows are short (32 or fewer), and masked loads are not fast everywhere
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();
    private static final ThreadLocal<float[][]> PAD = ThreadLocal.withInitial(() -> new float[1][0]);

    private static float[] scratch(int size) {
        float[][] holder = PAD.get();
        if (holder[0].length < size) holder[0] = new float[size];
        return holder[0];
    }

    /** Whether these kernels serve the geometry: stride 1, and a border that is not negative for the input gradient. */
    static boolean serves(ConvGeometry g) {
        var p = g.p();
        return p.strideH() == 1 && p.strideW() == 1 && p.dilationH() * (g.kh() - 1) >= p.padH() && p.dilationW() * (g.kw() - 1) >= p.padW();
    }

    /** Copies plane {@code src[off..]} of h x w into {@code dst} of (h + top + bottom) x (w + left + right), zero border. */
    private static void pad(float[] src, int off, int h, int w, int top, int left, float[] dst, int dh, int dw) {
        java.util.Arrays.fill(dst, 0, dh * dw, 0);
        for (int r = 0; r < h; r++) System.arraycopy(src, off + r * w, dst, (r + top) * dw + left, w);
    }

    /** out[oh, ow] (outH x outW at outOff) = Σ_{i,j} k[i·kw + j] · src[(oh + i·dh)·srcW + ow + j·dw]. */
    private static void correlate(float[] src, int srcW, float[] k, int kh, int kw, int dh, int dw, float[] out, int outOff, int outH, int outW) {
        for (int oh = 0; oh < outH; oh++) correlateRow(src, srcW, k, kh, kw, dh, dw, out, outOff + oh * outW, oh, outW);
    }

    /** One output row of {@link #correlate}: a small method of its own, so that the JIT keeps its vectors in registers. */
    private static void correlateRow(float[] src, int srcW, float[] k, int kh, int kw, int dh, int dw, float[] out, int o, int oh, int outW) {
        int vecEnd = outW - outW % L;
        for (int ow = 0; ow < vecEnd; ow += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < kh; i++) {
                int row = (oh + i * dh) * srcW + ow;
                for (int j = 0; j < kw; j++)
                    acc = FloatVector.fromArray(S, src, row + j * dw).fma(FloatVector.broadcast(S, k[i * kw + j]), acc);
            }
            acc.intoArray(out, o + ow);
        }
        for (int ow = vecEnd; ow < outW; ow++) {
            float acc = 0;
            for (int i = 0; i < kh; i++) {
                int row = (oh + i * dh) * srcW + ow;
                for (int j = 0; j < kw; j++) acc += k[i * kw + j] * src[row + j * dw];
            }
            out[o + ow] = acc;
        }
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
        int ph = h + 2 * p.padH(), pw = wd + 2 * p.padW();
        Parallel.range(g.n() * c, 2, (from, to) -> {
            float[] xp = scratch(ph * pw + L);
            float[] k = new float[kh * kw];
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c;
                System.arraycopy(w, ch * kh * kw, k, 0, kh * kw);
                pad(x, plane * h * wd, h, wd, p.padH(), p.padW(), xp, ph, pw);
                correlate(xp, pw, k, kh, kw, p.dilationH(), p.dilationW(), y, plane * oh * ow, oh, ow);
            }
        });
    }

    static void inputGrad(float[] gy, float[] w, float[] dx, ConvGeometry g) {
        var p = g.p();
        int c = g.c(), kh = g.kh(), kw = g.kw(), h = g.h(), wd = g.w(), oh = g.oh(), ow = g.ow();
        int bh = p.dilationH() * (kh - 1) - p.padH(), bw = p.dilationW() * (kw - 1) - p.padW();
        int ph = h + p.dilationH() * (kh - 1), pw = wd + p.dilationW() * (kw - 1);
        Parallel.range(g.n() * c, 2, (from, to) -> {
            float[] gp = scratch(ph * pw + L);
            float[] k = new float[kh * kw];
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c;
                for (int t = 0; t < kh * kw; t++) k[t] = w[ch * kh * kw + kh * kw - 1 - t];   // flipped in both axes
                java.util.Arrays.fill(gp, 0, ph * pw, 0);
                for (int r = 0; r < oh; r++) System.arraycopy(gy, plane * oh * ow + r * ow, gp, (r + bh) * pw + bw, ow);
                correlate(gp, pw, k, kh, kw, p.dilationH(), p.dilationW(), dx, plane * h * wd, h, wd);
            }
        });
    }

    static void weightGrad(float[] x, float[] gy, float[] dw, ConvGeometry g) {
        var p = g.p();
        int c = g.c(), kh = g.kh(), kw = g.kw(), h = g.h(), wd = g.w(), ohN = g.oh(), owN = g.ow(), n = g.n();
        int ph = h + 2 * p.padH(), pw = wd + 2 * p.padW(), dh = p.dilationH(), dwl = p.dilationW();
        Parallel.range(c, 1, (from, to) -> {
            float[] xp = scratch(ph * pw + L);
            double[] acc = new double[kh * kw];
            for (int ch = from; ch < to; ch++) {
                java.util.Arrays.fill(acc, 0);
                for (int img = 0; img < n; img++) {
                    int plane = img * c + ch, gOff = plane * ohN * owN;
                    pad(x, plane * h * wd, h, wd, p.padH(), p.padW(), xp, ph, pw);
                    for (int i = 0; i < kh; i++) {
                        for (int j = 0; j < kw; j++) {
                            double sum = 0;
                            for (int oh = 0; oh < ohN; oh++) sum += dot(gy, gOff + oh * owN, xp, (oh + i * dh) * pw + j * dwl, owN);
                            acc[i * kw + j] += sum;
                        }
                    }
                }
                for (int t = 0; t < kh * kw; t++) dw[ch * kh * kw + t] = (float) acc[t];
            }
        });
    }
}
