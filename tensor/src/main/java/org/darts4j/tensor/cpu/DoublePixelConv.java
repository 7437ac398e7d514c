package org.darts4j.tensor.cpu;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * Ungrouped convolution (any stride) and its weight gradient with the output pixels as GEMM rows and the output
 * channels as vector lanes ({@link DoubleBroadcastGemm}). With the image zero-padded to Hp × Wp, output pixel
 * q = (oh, ow) at offset s(q) = oh·sh·Wp + ow·sw of its padded image, and tap (c, i, j) at offset
 * r(c, i, j) = c·plane + i·dh·Wp + j·dw:
 * <pre>
 *   y[o, q]         = Σ_{c,i,j} xpad[s(q) + r(c, i, j)] · wᵀ[(c, i, j), o]          (rows q, k = C·kh·kw)
 *   dwᵀ[(c,i,j), o] = Σ_{n,q}   xpad_n[r(c, i, j) + s(q)] · gyᵀ_n[q, o]              (rows (c, i, j), k = the pixels)
 * </pre>
 * Only valid output pixels are rows (or steps of k): no column of a padded grid is computed and discarded, which on 7x7
 * maps is 40% of the work of {@link DoubleShiftedConv}; wᵀ and gyᵀ (channels last, padded to whole vectors) are the only
 * copies made. A block of images (about {@link #PIXELS} output pixels) is padded side by side, each channel holding its
 * images' planes one after another. Images are split over threads; the weight gradient's per-thread sums are added in
 * the order of their first images, so the bits depend on the thread count alone. The adjoint in x of a stride-1
 * convolution is again a convolution ({@link DoubleConv#inputGrad}); at other strides it stays with im2col.
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatPixelConv only. TWIN-NOTE
 */
final class DoublePixelConv {
    private DoublePixelConv() {}

    /** Output pixels per block of images: enough rows that a block's product is long, few enough that xpad stays in L2. */
    private static final int PIXELS = 1024;

    /**
     * Whether this path computes the convolution: one group, not a plain 1x1, at least two vectors of output channels
     * (fewer leave most of each FMA's lanes idle or padded) and of taps c·kh·kw (a stem's 1 or 3 input channels stay with
     * {@link DoubleShiftedConv} or im2col), and at least one image per thread.
     */
    static boolean serves(ConvGeometry g) {
        int lanes = DoubleBroadcastGemm.L;
        return Gemm.VECTORIZED && g.groups() == 1 && !g.pointwise() && g.o() >= 2 * lanes && g.colRows() >= 2 * lanes
                && g.n() >= Parallel.threads() && g.oh() > 0 && g.ow() > 0;
    }

    private static int paddedW(ConvGeometry g) { return g.w() + 2 * g.p().padW(); }

    private static int paddedPlane(ConvGeometry g) { return (g.h() + 2 * g.p().padH()) * paddedW(g); }

    private static int block(ConvGeometry g) { return Math.max(1, Math.min(g.n(), (PIXELS + g.outPlane() - 1) / g.outPlane())); }

    /** r(c, i, j) with channels {@code channelStride} apart. */
    private static int[] taps(ConvGeometry g, int channelStride) {
        int wp = paddedW(g), kh = g.kh(), kw = g.kw();
        int[] taps = new int[g.colRows()];
        for (int c = 0; c < g.c(); c++)
            for (int i = 0; i < kh; i++)
                for (int j = 0; j < kw; j++)
                    taps[(c * kh + i) * kw + j] = c * channelStride + i * g.p().dilationH() * wp + j * g.p().dilationW();
        return taps;
    }

    /** s(q) for the output pixels of {@code images} images whose padded planes lie {@code plane} apart. */
    private static int[] pixels(ConvGeometry g, int images) {
        int wp = paddedW(g), plane = paddedPlane(g), sh = g.p().strideH(), sw = g.p().strideW();
        int[] at = new int[images * g.outPlane()];
        for (int t = 0, q = 0; t < images; t++)
            for (int oh = 0; oh < g.oh(); oh++)
                for (int ow = 0; ow < g.ow(); ow++) at[q++] = t * plane + oh * sh * wp + ow * sw;
        return at;
    }

    /** Copies image {@code img} of x into the interior of xp at {@code at}, channels {@code channelStride} apart; the borders hold zeros. */
    private static void pad(double[] x, int img, ConvGeometry g, double[] xp, int channelStride, int at) {
        int wp = paddedW(g), ph = g.p().padH(), pw = g.p().padW();
        for (int c = 0; c < g.c(); c++) {
            int src = (img * g.c() + c) * g.inPlane(), dst = at + c * channelStride + ph * wp + pw;
            for (int r = 0; r < g.h(); r++) System.arraycopy(x, src + r * g.w(), xp, dst + r * wp, g.w());
        }
    }

    /** y = conv2d(x, w). */
    static void forward(double[] x, double[] w, double[] y, ConvGeometry g) {
        int k = g.colRows(), o = g.o(), lanes = DoubleBroadcastGemm.padded(o), plane = paddedPlane(g), hw = g.outPlane();
        double[] wt = new double[k * lanes];   // wᵀ, channels padded with zeros
        for (int oc = 0; oc < o; oc++) for (int r = 0; r < k; r++) wt[r * lanes + oc] = w[oc * k + r];
        int block = block(g);
        Parallel.range(g.n(), 1, (from, to) -> {
            int most = Math.min(block, to - from), stride = most * plane;
            int[] taps = taps(g, stride), pixels = pixels(g, most);
            double[] xp = DoubleConv.colBuffer(g.c() * stride), out = DoubleConv.outBuffer(most * hw * lanes);
            Arrays.fill(xp, 0, g.c() * stride, 0);
            for (int first = from; first < to; first += most) {
                int b = Math.min(most, to - first);
                for (int t = 0; t < b; t++) pad(x, first + t, g, xp, stride, t * plane);
                DoubleBroadcastGemm.multiply(b * hw, lanes, k, xp, pixels, taps, wt, lanes, out, lanes, true);
                for (int t = 0; t < b; t++)
                    for (int oc = 0; oc < o; oc++) {
                        int dst = ((first + t) * o + oc) * hw, src = t * hw * lanes + oc;
                        for (int q = 0; q < hw; q++) y[dst + q] = out[src + q * lanes];
                    }
            }
        });
    }

    /** dw = Σ_n gy[n] correlated with x[n]: dwᵀ by the product above, a block of images per product. */
    static void weightGrad(double[] x, double[] gy, double[] dw, ConvGeometry g) {
        int k = g.colRows(), o = g.o(), lanes = DoubleBroadcastGemm.padded(o), plane = paddedPlane(g), hw = g.outPlane();
        int block = block(g);
        TreeMap<Integer, double[]> partials = new TreeMap<>();
        Parallel.range(g.n(), 1, (from, to) -> {
            int most = Math.min(block, to - from), stride = most * plane;
            int[] taps = taps(g, stride), pixels = pixels(g, most);
            double[] xp = DoubleConv.colBuffer(g.c() * stride), gyt = DoubleConv.outBuffer(most * hw * lanes);
            double[] acc = new double[k * lanes];
            Arrays.fill(xp, 0, g.c() * stride, 0);
            Arrays.fill(gyt, 0, most * hw * lanes, 0);   // the padding lanes stay zero
            for (int first = from; first < to; first += most) {
                int b = Math.min(most, to - first);
                for (int t = 0; t < b; t++) {
                    int img = first + t;
                    pad(x, img, g, xp, stride, t * plane);
                    for (int oc = 0; oc < o; oc++) {
                        int src = (img * o + oc) * hw, dst = t * hw * lanes + oc;
                        for (int q = 0; q < hw; q++) gyt[dst + q * lanes] = gy[src + q];
                    }
                }
                DoubleBroadcastGemm.multiply(k, lanes, b * hw, xp, taps, pixels, gyt, lanes, acc, lanes, false);
            }
            double[] sum = new double[dw.length];
            for (int oc = 0; oc < o; oc++) for (int r = 0; r < k; r++) sum[oc * k + r] = acc[r * lanes + oc];
            synchronized (partials) { partials.put(from, sum); }
        });
        DoubleConv.sumPartials(partials, dw);
    }
}
