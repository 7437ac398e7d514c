package org.darts4j.tensor.cpu;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-2 depthwise convolution on vectors (the reduction cells' separable and dilated convolutions), by polyphase
 * decomposition. With x̃ the input padded by p and its four phases P_ab[r, q] = x̃[2r + a, 2q + b] (a, b ∈ {0, 1}),
 * <pre>  y[oh, ow] = Σ_{i,j} w[i, j] · x̃[2·oh + i·d, 2·ow + j·d] = Σ_{i,j} w[i, j] · P_{(i·d) mod 2, (j·d) mod 2}[oh + ⌊i·d/2⌋, ow + ⌊j·d/2⌋]</pre>
 * so every tap reads a contiguous row of one phase and the output rows are computed over whole vectors, as the
 * stride-1 kernels of {@link DoubleDepthwise} are. The adjoints follow the same decomposition: the input gradient
 * gathers, phase by phase, that phase's taps over gy's rows into a register and interleaves the phases back into dx;
 * the weight gradient is one flat dot product of gy (laid out at the phases' row width, zeros past each row) with a
 * phase per tap.
 */
final class DoubleDepthwiseStride2 {
    private DoubleDepthwiseStride2() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Stride 2 in both axes. */
    static boolean serves(ConvGeometry g) { return g.p().strideH() == 2 && g.p().strideW() == 2; }

    private static int vectorWidth(int w) { return (w + L - 1) / L * L; }

    /** The phase planes' shape for a geometry: rows, row width, and one phase's length (with room for vector overreads). */
    private record Phases(int rows, int width, int length) {
        static Phases of(ConvGeometry g) {
            var p = g.p();
            int reachH = (p.dilationH() * (g.kh() - 1)) / 2, reachW = (p.dilationW() * (g.kw() - 1)) / 2;
            int rows = Math.max(g.oh() + reachH + 1, (g.h() + p.padH() + 1) / 2 + 1);
            int width = Math.max(vectorWidth(g.ow()) + reachW + 1, (g.w() + p.padW() + 1) / 2 + 1);
            return new Phases(rows, width, rows * width + vectorWidth(g.oh() * width) + L);
        }
    }

    /** The four phases of plane {@code off} of x (padded by the geometry's padding) into {@code ph}, phase (a, b) at (2a + b)·length. */
    private static void split(double[] x, int off, ConvGeometry g, Phases f, double[] ph) {
        Arrays.fill(ph, 0, 4 * f.length(), 0);
        int h = g.h(), w = g.w(), padH = g.p().padH(), padW = g.p().padW();
        for (int r = 0; r < h; r++) {
            int pr = r + padH, a = pr & 1, row = pr >> 1;
            for (int c = 0; c < w; c++) {
                int pc = c + padW, b = pc & 1;
                ph[(2 * a + b) * f.length() + row * f.width() + (pc >> 1)] = x[off + r * w + c];
            }
        }
    }

    static void forward(double[] x, double[] w, double[] y, ConvGeometry g) {
        var p = g.p();
        int c = g.c(), kh = g.kh(), kw = g.kw(), dh = p.dilationH(), dw = p.dilationW(), oh = g.oh(), ow = g.ow();
        Phases f = Phases.of(g);
        int width = vectorWidth(ow);
        int[] jo = new int[kw];   // where tap column j starts within a kernel row's phase pair
        for (int j = 0; j < kw; j++) jo[j] = ((j * dw) & 1) * f.length() + ((j * dw) >> 1);
        Parallel.range(g.n() * c, 2, (from, to) -> {
            double[] ph = DoubleDepthwise.scratch(4 * f.length()), row = new double[width], k = new double[kh * kw];
            int[] rowAt = new int[kh];
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c;
                split(x, plane * g.h() * g.w(), g, f, ph);
                System.arraycopy(w, ch * kh * kw, k, 0, kh * kw);
                for (int r = 0; r < oh; r++) {
                    // where kernel row i of output row r starts: row r + ⌊i·d_h/2⌋ of the phases with a = (i·d_h) mod 2
                    for (int i = 0; i < kh; i++) rowAt[i] = (((i * dh) & 1) * 2) * f.length() + (r + ((i * dh) >> 1)) * f.width();
                    if (kw == 3) row3(ph, rowAt, jo, k, kh, row, width);
                    else if (kw == 5) row5(ph, rowAt, jo, k, kh, row, width);
                    else {
                        Arrays.fill(row, 0);
                        for (int i = 0; i < kh; i++)
                            for (int j = 0; j < kw; j++) DoubleDepthwise.tap(ph, rowAt[i] + jo[j], k[i * kw + j], row, width);
                    }
                    System.arraycopy(row, 0, y, (plane * oh + r) * ow, ow);
                }
            }
        });
    }

    // Kernel rows of 3 and 5 taps in a register, as DoubleDepthwise.row3/row5 (the same fused multiply-adds in the
    // same order as tap by tap into the row: the same bits, without storing the row after every tap).
    private static void row3(double[] ph, int[] base, int[] jo, double[] k, int kh, double[] row, int width) {
        int j0 = jo[0], j1 = jo[1], j2 = jo[2];
        for (int u = 0; u < width; u += L) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int i = 0; i < kh; i++) {
                int b = base[i] + u, t = i * 3;
                acc = DoubleVector.fromArray(S, ph, b + j0).fma(DoubleVector.broadcast(S, k[t]), acc);
                acc = DoubleVector.fromArray(S, ph, b + j1).fma(DoubleVector.broadcast(S, k[t + 1]), acc);
                acc = DoubleVector.fromArray(S, ph, b + j2).fma(DoubleVector.broadcast(S, k[t + 2]), acc);
            }
            acc.intoArray(row, u);
        }
    }

    private static void row5(double[] ph, int[] base, int[] jo, double[] k, int kh, double[] row, int width) {
        int j0 = jo[0], j1 = jo[1], j2 = jo[2], j3 = jo[3], j4 = jo[4];
        for (int u = 0; u < width; u += L) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int i = 0; i < kh; i++) {
                int b = base[i] + u, t = i * 5;
                acc = DoubleVector.fromArray(S, ph, b + j0).fma(DoubleVector.broadcast(S, k[t]), acc);
                acc = DoubleVector.fromArray(S, ph, b + j1).fma(DoubleVector.broadcast(S, k[t + 1]), acc);
                acc = DoubleVector.fromArray(S, ph, b + j2).fma(DoubleVector.broadcast(S, k[t + 2]), acc);
                acc = DoubleVector.fromArray(S, ph, b + j3).fma(DoubleVector.broadcast(S, k[t + 3]), acc);
                acc = DoubleVector.fromArray(S, ph, b + j4).fma(DoubleVector.broadcast(S, k[t + 4]), acc);
            }
            acc.intoArray(row, u);
        }
    }

    /**
     * dx by gathering, phase by phase: dP_ab[R, Q] = Σ w[i, j] · gy[R − ⌊i·d_h/2⌋, Q − ⌊j·d_w/2⌋] over the taps of phase
     * (a, b) ((i·d_h) mod 2 = a, (j·d_w) mod 2 = b), each output vector summed in a register from zero, the taps in
     * the order in which a scatter of gy's rows would add them (rows of gy ascending, so i descending; then j
     * ascending), with gy copied into a plane with a zero border on the left and past each row. The phases are then
     * interleaved back into dx.
     */
    static void inputGrad(double[] gy, double[] w, double[] dx, ConvGeometry g) {
        var p = g.p();
        int c = g.c(), kh = g.kh(), kw = g.kw(), dh = p.dilationH(), dw = p.dilationW(), oh = g.oh(), ow = g.ow();
        int h = g.h(), wd = g.w(), padH = p.padH(), padW = p.padW();
        Phases f = Phases.of(g);
        int left = (dw * (kw - 1)) >> 1, cols = vectorWidth(f.width()), gw = left + cols;
        // the taps of each phase 2a + b, as tap numbers i·kw + j, in the scatter's order
        int[][] taps = new int[4][];
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) {
                int[] t = new int[kh * kw];
                int n = 0;
                for (int i = kh - 1; i >= 0; i--)
                    for (int j = 0; j < kw; j++) if (((i * dh) & 1) == a && ((j * dw) & 1) == b) t[n++] = i * kw + j;
                taps[2 * a + b] = Arrays.copyOf(t, n);
            }
        int[] rowOff = new int[kh * kw], colOff = new int[kh * kw];
        for (int t = 0; t < kh * kw; t++) { rowOff[t] = ((t / kw) * dh) >> 1; colOff[t] = ((t % kw) * dw) >> 1; }
        Parallel.range(g.n() * c, 2, (from, to) -> {
            double[] ph = DoubleDepthwise.scratch(4 * f.length()), gp = new double[oh * gw + L], k = new double[kh * kw], kv = new double[kh * kw];
            int[] at = new int[kh * kw];
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c;
                System.arraycopy(w, ch * kh * kw, k, 0, kh * kw);
                for (int r = 0; r < oh; r++) System.arraycopy(gy, (plane * oh + r) * ow, gp, r * gw + left, ow);   // the rest stays zero
                for (int phase = 0; phase < 4; phase++)
                    for (int row = 0; row < f.rows(); row++)
                        gatherRow(gp, gw, left, oh, taps[phase], rowOff, colOff, k, row, ph, phase * f.length() + row * f.width(), cols, at, kv);
                int off = plane * h * wd;
                for (int r = 0; r < h; r++) {
                    int pr = r + padH, a = pr & 1, row = pr >> 1;
                    for (int col = 0; col < wd; col++) {
                        int pc = col + padW;
                        dx[off + r * wd + col] = ph[(2 * a + (pc & 1)) * f.length() + row * f.width() + (pc >> 1)];
                    }
                }
            }
        });
    }

    /**
     * dst[d + Q] = Σ_t k[t] · gp[(R − rowOff[t])·gw + left + Q − colOff[t]] for Q &lt; cols, over the phase's taps t whose
     * row of gy exists. (Stores past the phase row's width land in the next row, written after it, or in the slack.)
     * The taps that reach a row of gy are listed first ({@code at}, {@code kv}: scratch of the phase's length), so that the
     * register sums over a counted loop: with a {@code continue} in it, C2 boxed the sum, 20-40 MB per call.
     */
    private static void gatherRow(double[] gp, int gw, int left, int oh, int[] taps, int[] rowOff, int[] colOff, double[] k, int row,
                                  double[] dst, int d, int cols, int[] at, double[] kv) {
        int m = 0;
        for (int t : taps) {
            int r = row - rowOff[t];
            if (r < 0 || r >= oh) continue;
            at[m] = r * gw + left - colOff[t];
            kv[m++] = k[t];
        }
        for (int u = 0; u < cols; u += L) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int i = 0; i < m; i++) acc = DoubleVector.fromArray(S, gp, at[i] + u).fma(DoubleVector.broadcast(S, kv[i]), acc);
            acc.intoArray(dst, d + u);
        }
    }

    static void weightGrad(double[] x, double[] gy, double[] dwt, ConvGeometry g) {
        var p = g.p();
        int c = g.c(), kh = g.kh(), kw = g.kw(), dh = p.dilationH(), dw = p.dilationW(), oh = g.oh(), ow = g.ow(), n = g.n();
        Phases f = Phases.of(g);
        int len = vectorWidth(oh * f.width());
        Parallel.range(c, 1, (from, to) -> {
            double[] ph = DoubleDepthwise.scratch(4 * f.length()), gp = new double[len];
            double[] acc = new double[kh * kw];
            for (int ch = from; ch < to; ch++) {
                Arrays.fill(acc, 0);
                for (int img = 0; img < n; img++) {
                    int plane = img * c + ch;
                    split(x, plane * g.h() * g.w(), g, f, ph);
                    for (int r = 0; r < oh; r++) System.arraycopy(gy, (plane * oh + r) * ow, gp, r * f.width(), ow);
                    for (int i = 0; i < kh; i++) {
                        int ri = i * dh, base = ((ri & 1) * 2) * f.length() + (ri >> 1) * f.width();
                        for (int j = 0; j < kw; j++) {
                            int cj = j * dw;
                            acc[i * kw + j] += dot(gp, ph, base + (cj & 1) * f.length() + (cj >> 1), len);
                        }
                    }
                }
                for (int t = 0; t < kh * kw; t++) dwt[ch * kh * kw + t] = (double) acc[t];
            }
        });
    }

    /** Σ_{t < len} a[t]·b[bo + t] over whole vectors (len is a multiple of the vector length). */
    private static double dot(double[] a, double[] b, int bo, int len) {
        DoubleVector s = DoubleVector.zero(S);
        for (int t = 0; t < len; t += L) s = DoubleVector.fromArray(S, a, t).fma(DoubleVector.fromArray(S, b, bo + t), s);
        return s.reduceLanes(VectorOperators.ADD);
    }
}
