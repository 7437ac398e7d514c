package org.darts4j.tensor.cpu;

import java.util.Arrays;
import java.util.TreeMap;
import org.darts4j.tensor.ConvParams;

/**
 * Stride-1 ungrouped convolution without im2col. With the image zero-padded to Hp × Wp and the output computed on the
 * padded grid (column q = oh·Wp + ow for ow &lt; Wp; the last Wp − OW columns of each row are discarded),
 * <pre>
 *   y[o, q] = Σ_{c,i,j} w[o, c, i, j] · xpad[c, q + i·dh·Wp + j·dw],
 * </pre>
 * a GEMM whose B row (c, i, j) is the padded image shifted by i·dh·Wp + j·dw: {@link DoubleGemm} reads those rows in
 * place through a table of row starts, so nothing is expanded kh·kw times, and w is packed once for all images. The other two products are the same:
 * <ul>
 *   <li>the adjoint in x is the convolution of gy with the flipped, transposed kernel,
 *       dx = conv(gy, w'), w'[c, o, i, j] = w[o, c, kh−1−i, kw−1−j], padding dh·(kh−1) − ph (and likewise in w);</li>
 *   <li>the weight gradient dw[o, (c, i, j)] = Σ_n Σ_q gy[n, o, q] · xpad[n, c, q + i·dh·Wp + j·dw] is the product with
 *       B transposed, gy placed on the padded grid with zeros in the discarded columns.</li>
 * </ul>
 * Images are split over threads; the weight gradient's per-thread sums are added in the order of their first images.
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatShiftedConv only. TWIN-NOTE
 */
final class DoubleShiftedConv {
    private DoubleShiftedConv() {}

    /**
     * Whether this path computes the convolution: stride 1, one group, a kernel larger than 1x1 (or padded), padding no
     * larger than the dilated kernel's reach (so the adjoint is again such a convolution), at least one image per thread,
     * and the padded grid at most 35% wider than the output (7x7 maps with a 3x3 kernel: 61 columns for 49 pixels).
     */
    static boolean serves(ConvGeometry g) {
        var p = g.p();
        if (!Gemm.VECTORIZED || g.groups() != 1 || p.strideH() != 1 || p.strideW() != 1 || g.pointwise()) return false;
        if (p.padH() > p.dilationH() * (g.kh() - 1) || p.padW() > p.dilationW() * (g.kw() - 1)) return false;
        if (g.n() < Parallel.threads() || g.oh() < 1 || g.ow() < 1) return false;
        return gridColumns(g) <= 1.35 * g.outPlane();
    }

    private static int paddedW(ConvGeometry g) { return g.w() + 2 * g.p().padW(); }

    private static int paddedPlane(ConvGeometry g) { return (g.h() + 2 * g.p().padH()) * paddedW(g); }

    /** Columns of the output on the padded grid: (OH − 1)·Wp + OW (the last row's discarded columns are not computed). */
    private static int gridColumns(ConvGeometry g) { return (g.oh() - 1) * paddedW(g) + g.ow(); }

    /** Where B's row (c, i, j) starts in the padded image(s), channels {@code channelStride} apart: c·stride + i·dh·Wp + j·dw. */
    static int[] rowStarts(ConvGeometry g, int channelStride) {
        int wp = paddedW(g), kh = g.kh(), kw = g.kw();
        int[] rows = new int[g.c() * kh * kw];
        for (int c = 0; c < g.c(); c++)
            for (int i = 0; i < kh; i++)
                for (int j = 0; j < kw; j++)
                    rows[(c * kh + i) * kw + j] = c * channelStride + i * g.p().dilationH() * wp + j * g.p().dilationW();
        return rows;
    }

    /**
     * Zeros the borders of {@code planes} padded planes of xp, {@code channelStride} apart from {@code at} (what
     * {@link #pad} leaves alone): a scratch buffer's interiors are overwritten image after image, so only its borders
     * need clearing, once (issue "Speed II": scratch planes cleared only at their borders).
     */
    static void clearBorders(double[] xp, int at, int planes, int channelStride, ConvGeometry g) {
        int wp = paddedW(g), ph = g.p().padH(), pw = g.p().padW(), h = g.h(), w = g.w();
        for (int p = 0; p < planes; p++) {
            int o = at + p * channelStride;
            Arrays.fill(xp, o, o + ph * wp + pw, 0);                                    // top rows, and the first row's left border
            for (int r = 0; r < h - 1; r++) Arrays.fill(xp, o + (ph + r) * wp + pw + w, o + (ph + r + 1) * wp + pw, 0);   // right then left
            Arrays.fill(xp, o + (ph + h - 1) * wp + pw + w, o + paddedPlane(g), 0);    // the last row's right border, bottom rows
        }
    }

    /** Copies image {@code img} of x into the interior of xp at {@code at}, channels {@code channelStride} apart; the borders hold zeros. */
    static void pad(double[] x, int img, ConvGeometry g, double[] xp, int channelStride, int at) {
        int wp = paddedW(g), ph = g.p().padH(), pw = g.p().padW();
        for (int c = 0; c < g.c(); c++) {
            int src = (img * g.c() + c) * g.inPlane(), dst = at + c * channelStride + ph * wp + pw;
            for (int r = 0; r < g.h(); r++) System.arraycopy(x, src + r * g.w(), xp, dst + r * wp, g.w());
        }
    }

    /** y = conv2d(x, w). */
    static void forward(double[] x, double[] w, double[] y, ConvGeometry g) {
        int k = g.c() * g.kh() * g.kw(), n = gridColumns(g), o = g.o(), wp = paddedW(g), plane = paddedPlane(g), padded = g.c() * plane;
        int[] rows = rowStarts(g, plane);
        double[] packedW = DoubleGemm.packA(false, w, 0, k, o, k);
        Parallel.range(g.n(), 1, (from, to) -> {
            double[] xp = DoubleConv.colBuffer(padded), out = DoubleConv.outBuffer(o * n);   // DoubleConv's scratch, its borders cleared here
            clearBorders(xp, 0, g.c(), plane, g);
            for (int img = from; img < to; img++) {
                pad(x, img, g, xp, plane, 0);
                DoubleGemm.gemmPacked(packedW, o, 0, n, k, false, xp, 0, 0, rows, out, 0, n, true);
                for (int oc = 0; oc < o; oc++)
                    for (int r = 0; r < g.oh(); r++)
                        System.arraycopy(out, oc * n + r * wp, y, ((img * o + oc) * g.oh() + r) * g.ow(), g.ow());
            }
        });
    }

    /**
     * dx = the adjoint of conv2d in x applied to gy: the convolution of gy with the flipped, transposed kernel (by
     * {@link DoublePixelConv} where it serves that convolution).
     */
    static void inputGrad(double[] gy, double[] w, double[] dx, ConvGeometry g) {
        int o = g.o(), c = g.c(), kh = g.kh(), kw = g.kw();
        double[] flipped = new double[w.length];
        for (int oc = 0; oc < o; oc++)
            for (int ic = 0; ic < c; ic++)
                for (int i = 0; i < kh; i++)
                    for (int j = 0; j < kw; j++)
                        flipped[((ic * o + oc) * kh + kh - 1 - i) * kw + kw - 1 - j] = w[((oc * c + ic) * kh + i) * kw + j];
        var p = g.p();
        ConvParams adjoint = new ConvParams(1, 1, p.dilationH() * (kh - 1) - p.padH(), p.dilationW() * (kw - 1) - p.padW(),
                p.dilationH(), p.dilationW(), 1);
        ConvGeometry a = new ConvGeometry(g.n(), o, g.oh(), g.ow(), c, kh, kw, g.h(), g.w(), adjoint);
        if (DoublePixelConv.serves(a)) DoublePixelConv.forward(gy, flipped, dx, a);
        else forward(gy, flipped, dx, a);
    }

    /** Columns of the weight gradient's product that make its images one long row: see {@link #weightGrad}. */
    private static final int WEIGHT_GRAD_COLUMNS = 1024;

    /**
     * dw = Σ_n gy[n] (on the padded grid) times the shifted rows of xpad[n], transposed. The product sums over the
     * columns, so a block of b images is one product with b·Hp·Wp columns: each channel holds its b padded planes one
     * after another, gy's grid likewise with zeros past each image's columns, so that a shifted row runs on from one
     * image into the next and the columns between images multiply zeros. Blocks of about {@link #WEIGHT_GRAD_COLUMNS}
     * columns (13 images of 7x7, 2 of 28x28) give {@link DoubleGemm}'s product long enough rows to read in place.
     */
    static void weightGrad(double[] x, double[] gy, double[] dw, ConvGeometry g) {
        int k = g.c() * g.kh() * g.kw(), n = gridColumns(g), o = g.o(), wp = paddedW(g), plane = paddedPlane(g);
        int block = Math.max(1, Math.min(g.n(), (WEIGHT_GRAD_COLUMNS + plane - 1) / plane));
        TreeMap<Integer, double[]> partials = new TreeMap<>();
        Parallel.range(g.n(), 1, (from, to) -> {
            int most = Math.min(block, to - from), stride = most * plane;
            int[] rows = rowStarts(g, stride);
            double[] acc = new double[dw.length];
            double[] xp = DoubleConv.colBuffer(g.c() * stride), grid = DoubleConv.outBuffer(o * stride);
            clearBorders(xp, 0, g.c() * most, plane, g);   // channel c of image t at c·stride + t·plane: planes back to back
            Arrays.fill(grid, 0, o * stride, 0);
            for (int first = from; first < to; first += most) {
                int b = Math.min(most, to - first);
                for (int t = 0; t < b; t++) {
                    int img = first + t;
                    pad(x, img, g, xp, stride, t * plane);
                    for (int oc = 0; oc < o; oc++)
                        for (int r = 0; r < g.oh(); r++)
                            System.arraycopy(gy, ((img * o + oc) * g.oh() + r) * g.ow(), grid, oc * stride + t * plane + r * wp, g.ow());
                }
                // images past b in the buffers hold the last block's values; the product's (b − 1)·plane + n columns stop before them
                DoubleGemm.gemm(false, true, o, 0, k, (b - 1) * plane + n, grid, 0, stride, xp, 0, 0, rows, acc, 0, k, false);
            }
            synchronized (partials) { partials.put(from, acc); }
        });
        DoubleConv.sumPartials(partials, dw);
    }
}
