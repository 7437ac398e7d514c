package org.darts4j.tensor.cpu;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * Ungrouped convolution (any stride) and its weight gradient with the output pixels as GEMM rows and the output
 * channels as vector lanes ({@link FloatBroadcastGemm}). With the image zero-padded to Hp × Wp, output pixel
 * q = (oh, ow) at offset s(q) = oh·sh·Wp + ow·sw of its padded image, and tap (c, i, j) at offset
 * r(c, i, j) = c·plane + i·dh·Wp + j·dw:
 * <pre>
 *   y[o, q]         = Σ_{c,i,j} xpad[s(q) + r(c, i, j)] · wᵀ[(c, i, j), o]          (rows q, k = C·kh·kw)
 *   dwᵀ[(c,i,j), o] = Σ_{n,q}   xpad_n[r(c, i, j) + s(q)] · gyᵀ_n[q, o]              (rows (c, i, j), k = the pixels)
 * </pre>
 * Only valid output pixels are rows (or steps of k): no column of a padded grid is computed and discarded, which on 7x7
 * maps is 40% of the work of {@link FloatShiftedConv}; wᵀ and gyᵀ (channels last, padded to whole vectors) are the only
 * copies made, and an unpadded convolution reads x where it lies. A block of images (about
 * {@link #PIXELS} output pixels) is otherwise padded side by side, each channel holding its images' planes one after
 * another. Images are split over threads; the weight gradient's per-thread sums are added in
 * the order of their first images, so the bits depend on the thread count alone. The adjoint in x of a stride-1
 * convolution is again a convolution ({@link FloatConv#inputGrad}); at other strides it stays with im2col.
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatPixelConv only. TWIN-NOTE
 */
final class FloatPixelConv {
    private FloatPixelConv() {}

    /** Output pixels per block of images: enough rows that a block's product is long, few enough that xpad stays in L2. */
    private static final int PIXELS = 1024;

    /**
     * Whether this path computes the convolution: one group, a kernel larger than 1x1, at least two vectors of output
     * channels (fewer leave most of each FMA's lanes idle or padded) and of taps c·kh·kw (a stem's 1 or 3 input channels
     * stay with {@link FloatShiftedConv} or im2col), and at least one image per thread. 1x1 convolutions, whose k is
     * only the channel count, were slower here than {@link FloatConv}'s GEMM in the DARTS_V2 train step (2026-12-02).
     */
    static boolean serves(ConvGeometry g) {
        int lanes = FloatBroadcastGemm.L;
        return Gemm.VECTORIZED && g.groups() == 1 && g.kh() * g.kw() > 1 && g.o() >= 2 * lanes && g.colRows() >= 2 * lanes
                && g.n() >= Parallel.threads() && g.oh() > 0 && g.ow() > 0;
    }

    private static int block(ConvGeometry g) { return Math.max(1, Math.min(g.n(), (PIXELS + g.outPlane() - 1) / g.outPlane())); }

    /**
     * y = conv2d(x, w). The product's rows are the block's pixels in {@link #panelOrder}, so that at stride 1 most
     * panels of six rows are runs of neighbouring pixels ({@link FloatBroadcastGemm}); each output is the same sum in
     * the same order whatever its row, so the order changes no bit.
     */
    static void forward(float[] x, float[] w, float[] y, ConvGeometry g) {
        int k = g.colRows(), o = g.o(), lanes = FloatBroadcastGemm.padded(o), hw = g.outPlane();
        float[] wt = new float[k * lanes];   // wᵀ, channels padded with zeros
        for (int oc = 0; oc < o; oc++) for (int r = 0; r < k; r++) wt[r * lanes + oc] = w[oc * k + r];
        Parallel.range(g.n(), 1, (from, to) -> {
            Source src = new Source(x, g, Math.min(block(g), to - from));
            float[] out = FloatConv.outBuffer(src.most * hw * lanes);
            int[] order = null, rows = new int[src.most * hw], at = new int[src.most * hw];
            for (int first = from; first < to; first += src.most) {
                int b = Math.min(src.most, to - first);
                src.load(first, b);
                if (order == null || order.length != b * hw) {
                    order = panelOrder(b, g.oh(), g.ow(), g.p().strideW());
                    for (int r = 0; r < b * hw; r++) at[order[r]] = r * lanes;   // where pixel q's row of the product starts
                }
                for (int r = 0; r < b * hw; r++) rows[r] = src.pixels[order[r]];
                FloatBroadcastGemm.multiply(b * hw, lanes, k, src.values, rows, src.taps, wt, lanes, out, lanes, true);
                for (int t = 0; t < b; t++)
                    for (int oc = 0; oc < o; oc++) {
                        int dst = ((first + t) * o + oc) * hw, base = t * hw;
                        for (int q = 0; q < hw; q++) y[dst + q] = out[at[base + q] + oc];
                    }
            }
        });
    }

    /**
     * The order of a block's output pixels (image-major indices t·OH·OW + oh·OW + ow) as product rows: at stride 1, the
     * first 6·⌊OW/6⌋ pixels of every output row in order (runs of six neighbours: one offset per panel), then the
     * rest of every row; at other strides, the pixels' own order.
     */
    static int[] panelOrder(int images, int oh, int ow, int stride) {
        int[] order = new int[images * oh * ow];
        int whole = stride == 1 ? ow / 6 * 6 : ow, r = 0;
        for (int t = 0; t < images; t++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < whole; j++) order[r++] = (t * oh + i) * ow + j;
        for (int t = 0; t < images; t++)
            for (int i = 0; i < oh; i++)
                for (int j = whole; j < ow; j++) order[r++] = (t * oh + i) * ow + j;
        return order;
    }

    /** dw = Σ_n gy[n] correlated with x[n]: dwᵀ by the product above, a block of images per product. */
    static void weightGrad(float[] x, float[] gy, float[] dw, ConvGeometry g) {
        int k = g.colRows(), o = g.o(), lanes = FloatBroadcastGemm.padded(o), hw = g.outPlane();
        TreeMap<Integer, float[]> partials = new TreeMap<>();
        Parallel.range(g.n(), 1, (from, to) -> {
            Source src = new Source(x, g, Math.min(block(g), to - from));
            float[] gyt = FloatConv.outBuffer(src.most * hw * lanes);
            float[] acc = new float[k * lanes];
            Arrays.fill(gyt, 0, src.most * hw * lanes, 0);   // the padding lanes stay zero
            for (int first = from; first < to; first += src.most) {
                int b = Math.min(src.most, to - first);
                src.load(first, b);
                for (int t = 0; t < b; t++)
                    for (int oc = 0; oc < o; oc++) {
                        int at = ((first + t) * o + oc) * hw, dst = t * hw * lanes + oc;
                        for (int q = 0; q < hw; q++) gyt[dst + q * lanes] = gy[at + q];
                    }
                FloatBroadcastGemm.multiply(k, lanes, b * hw, src.values, src.taps, src.pixels, gyt, lanes, acc, lanes, false);
            }
            float[] sum = new float[dw.length];
            for (int oc = 0; oc < o; oc++) for (int r = 0; r < k; r++) sum[oc * k + r] = acc[r * lanes + oc];
            synchronized (partials) { partials.put(from, sum); }
        });
        FloatConv.sumPartials(partials, dw);
    }

    /**
     * A thread's block of images as the product reads them, with the offsets s(q) of their output pixels and r(c, i, j)
     * of the taps: x itself when the convolution is unpadded (a 1x1 convolution, any stride), else this thread's
     * scratch holding the block's images zero-padded side by side, each channel its images' planes one after another.
     */
    private static final class Source {
        final int most;
        final int[] taps, pixels;
        final float[] values;
        private final float[] x;
        private final ConvGeometry g;
        private final boolean inPlace;
        private final int wp, plane;

        Source(float[] x, ConvGeometry g, int most) {
            this.x = x;
            this.g = g;
            this.most = most;
            inPlace = g.p().padH() == 0 && g.p().padW() == 0;
            wp = g.w() + 2 * g.p().padW();
            plane = (g.h() + 2 * g.p().padH()) * wp;
            taps = FloatShiftedConv.rowStarts(g, inPlace ? plane : most * plane);   // r(c, i, j)
            pixels = new int[most * g.outPlane()];
            if (inPlace) values = x;
            else {
                values = FloatConv.colBuffer(g.c() * most * plane);
                FloatShiftedConv.clearBorders(values, 0, g.c() * most, plane, g);   // the interiors are overwritten by load
                offsets(0, plane);
            }
        }

        /** Images first .. first + b − 1: their pixels' offsets into x, or the images padded into the scratch. */
        void load(int first, int b) {
            if (inPlace) { offsets(first * g.c() * plane, g.c() * plane); return; }
            for (int t = 0; t < b; t++) FloatShiftedConv.pad(x, first + t, g, values, most * plane, t * plane);
        }

        /** s(q) for the block's images, the first at {@code base}, the next {@code imageStride} on. */
        private void offsets(int base, int imageStride) {
            int sh = g.p().strideH(), sw = g.p().strideW();
            for (int t = 0, q = 0; t < most; t++)
                for (int oh = 0; oh < g.oh(); oh++)
                    for (int ow = 0; ow < g.ow(); ow++) pixels[q++] = base + t * imageStride + oh * sh * wp + ow * sw;
        }
    }
}
