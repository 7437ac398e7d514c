package org.darts4j.tensor.cpu;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * Convolution by im2col and GEMM on contiguous NCHW arrays (ungrouped ones with two vectors of output channels by
 * {@link DoublePixelConv}, other stride-1 ungrouped ones by {@link DoubleShiftedConv}, both without im2col; depthwise ones
 * directly). Images are split over threads when the batch is large
 * enough (an ungrouped convolution then multiplies a few images at once, {@link #imagesPerGemm}); otherwise each GEMM is
 * split instead.
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatConv only. TWIN-NOTE
 */
final class DoubleConv {
    private DoubleConv() {}

    private static final ThreadLocal<double[][]> COL = ThreadLocal.withInitial(() -> new double[1][0]);

    private static final ThreadLocal<double[][]> OUT = ThreadLocal.withInitial(() -> new double[1][0]);

    /** This thread's scratch for column matrices (and {@link DoubleShiftedConv}'s padded image), at least {@code size} long. */
    static double[] colBuffer(int size) { return buffer(COL, size); }

    /** This thread's scratch for GEMM outputs (and {@link DoubleShiftedConv}'s padded grid), at least {@code size} long. */
    static double[] outBuffer(int size) { return buffer(OUT, size); }

    private static double[] buffer(ThreadLocal<double[][]> local, int size) {
        double[][] holder = local.get();
        if (holder[0].length < size) holder[0] = new double[size];
        return holder[0];
    }

    /**
     * Images per GEMM when a thread convolves several images of an ungrouped convolution: enough that the GEMM's n
     * (images × output pixels) reaches about 1,024 columns, as long as the column matrix stays under 2²¹ values. On
     * DARTS's and ResNet's 7x7 maps one image alone gives n = 49, which the micro-kernel's 32-column panels serve badly.
     */
    static int imagesPerGemm(ConvGeometry g) {
        int hw = g.outPlane();
        return Math.max(1, Math.min((1024 + hw - 1) / hw, (1 << 21) / Math.max(1, g.colRows() * hw)));
    }

    /** Chunks of images as one GEMM: ungrouped, and images split over threads. */
    private static boolean chunked(ConvGeometry g) { return g.groups() == 1 && batchParallel(g) && imagesPerGemm(g) > 1; }

    /** The columns of images n0 .. n0 + cn − 1 side by side: rows of cn·OH·OW (im2col, or the input itself for 1x1). */
    private static void columns(double[] x, int n0, int cn, ConvGeometry g, double[] col) {
        int hw = g.outPlane(), width = cn * hw;
        for (int i = 0; i < cn; i++) {
            int xOff = (n0 + i) * g.c() * g.inPlane();
            if (g.pointwise()) for (int c = 0; c < g.c(); c++) System.arraycopy(x, xOff + c * hw, col, c * width + i * hw, hw);
            else im2col(x, xOff, g, col, i * hw, width);
        }
    }

    /** gy of images n0 .. n0 + cn − 1 as one [O, cn·OH·OW] matrix. */
    private static void gatherOutputs(double[] gy, int n0, int cn, ConvGeometry g, double[] dst) {
        int hw = g.outPlane(), width = cn * hw;
        for (int i = 0; i < cn; i++)
            for (int oc = 0; oc < g.o(); oc++) System.arraycopy(gy, ((n0 + i) * g.o() + oc) * hw, dst, oc * width + i * hw, hw);
    }

    private static boolean batchParallel(ConvGeometry g) { return g.n() >= Parallel.threads(); }

    /** y = conv2d(x, w). */
    static void forward(double[] x, double[] w, double[] y, ConvGeometry g) {
        if (g.depthwise()) { depthwiseForward(x, w, y, g); return; }
        if (DoublePixelConv.serves(g)) { DoublePixelConv.forward(x, w, y, g); return; }
        if (DoubleShiftedConv.serves(g)) { DoubleShiftedConv.forward(x, w, y, g); return; }
        if (chunked(g)) {
            int chunk = imagesPerGemm(g), hw = g.outPlane(), k = g.colRows(), o = g.o();
            Parallel.range(g.n(), 1, (from, to) -> {
                for (int n0 = from; n0 < to; n0 += chunk) {
                    int cn = Math.min(chunk, to - n0), width = cn * hw;
                    double[] col = colBuffer(k * width), out = outBuffer(o * width);
                    columns(x, n0, cn, g, col);
                    Gemm.dgemm(false, false, o, width, k, w, 0, k, col, 0, width, out, 0, width, false, false);
                    for (int i = 0; i < cn; i++)
                        for (int oc = 0; oc < o; oc++) System.arraycopy(out, oc * width + i * hw, y, ((n0 + i) * o + oc) * hw, hw);
                }
            });
            return;
        }
        boolean byImage = batchParallel(g);
        Parallel.range(byImage ? g.n() : 1, 1, (from, to) -> {
            int n0 = byImage ? from : 0, n1 = byImage ? to : g.n();
            for (int n = n0; n < n1; n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    int xOff = (n * g.c() + gr * g.cg()) * g.inPlane();
                    int yOff = (n * g.o() + gr * g.og()) * g.outPlane();
                    double[] col = x;
                    int colOff = xOff;
                    if (!g.pointwise()) {
                        col = colBuffer(g.colRows() * g.outPlane());
                        colOff = 0;
                        im2col(x, xOff, g, col);
                    }
                    Gemm.dgemm(false, false, g.og(), g.outPlane(), g.colRows(), w, gr * g.og() * g.colRows(), g.colRows(),
                            col, colOff, g.outPlane(), y, yOff, g.outPlane(), false, !byImage);
                }
            }
        });
    }

    /** dx = conv2d's adjoint in x applied to gy (a transposed convolution). */
    static void inputGrad(double[] gy, double[] w, double[] dx, ConvGeometry g) {
        if (g.depthwise()) { depthwiseInputGrad(gy, w, dx, g); return; }
        if (DoubleShiftedConv.serves(g)) { DoubleShiftedConv.inputGrad(gy, w, dx, g); return; }
        if (chunked(g)) {
            int chunk = imagesPerGemm(g), hw = g.outPlane(), k = g.colRows(), o = g.o();
            Parallel.range(g.n(), 1, (from, to) -> {
                for (int n0 = from; n0 < to; n0 += chunk) {
                    int cn = Math.min(chunk, to - n0), width = cn * hw;
                    double[] col = colBuffer(k * width), gys = outBuffer(o * width);
                    gatherOutputs(gy, n0, cn, g, gys);
                    Gemm.dgemm(true, false, k, width, o, w, 0, k, gys, 0, width, col, 0, width, false, false);
                    for (int i = 0; i < cn; i++) {
                        int xOff = (n0 + i) * g.c() * g.inPlane();
                        if (g.pointwise()) for (int c = 0; c < g.c(); c++) System.arraycopy(col, c * width + i * hw, dx, xOff + c * hw, hw);
                        else col2im(col, i * hw, width, g, dx, xOff);
                    }
                }
            });
            return;
        }
        boolean byImage = batchParallel(g);
        Parallel.range(byImage ? g.n() : 1, 1, (from, to) -> {
            int n0 = byImage ? from : 0, n1 = byImage ? to : g.n();
            for (int n = n0; n < n1; n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    int xOff = (n * g.c() + gr * g.cg()) * g.inPlane();
                    int yOff = (n * g.o() + gr * g.og()) * g.outPlane();
                    if (g.pointwise()) {
                        Gemm.dgemm(true, false, g.colRows(), g.outPlane(), g.og(), w, gr * g.og() * g.colRows(), g.colRows(),
                                gy, yOff, g.outPlane(), dx, xOff, g.outPlane(), false, !byImage);
                    } else {
                        double[] col = colBuffer(g.colRows() * g.outPlane());
                        Gemm.dgemm(true, false, g.colRows(), g.outPlane(), g.og(), w, gr * g.og() * g.colRows(), g.colRows(),
                                gy, yOff, g.outPlane(), col, 0, g.outPlane(), false, !byImage);
                        col2im(col, g, dx, xOff);
                    }
                }
            }
        });
    }

    /** dw = sum over images of gy correlated with x. */
    static void weightGrad(double[] x, double[] gy, double[] dw, ConvGeometry g) {
        if (g.depthwise()) { depthwiseWeightGrad(x, gy, dw, g); return; }
        if (DoublePixelConv.serves(g)) { DoublePixelConv.weightGrad(x, gy, dw, g); return; }
        if (DoubleShiftedConv.serves(g)) { DoubleShiftedConv.weightGrad(x, gy, dw, g); return; }
        if (chunked(g)) {
            int chunk = imagesPerGemm(g), hw = g.outPlane(), k = g.colRows(), o = g.o();
            TreeMap<Integer, double[]> partials = new TreeMap<>();
            Parallel.range(g.n(), 1, (from, to) -> {
                double[] acc = new double[dw.length];
                for (int n0 = from; n0 < to; n0 += chunk) {
                    int cn = Math.min(chunk, to - n0), width = cn * hw;
                    double[] col = colBuffer(k * width), gys = outBuffer(o * width);
                    columns(x, n0, cn, g, col);
                    gatherOutputs(gy, n0, cn, g, gys);
                    Gemm.dgemm(false, true, o, k, width, gys, 0, width, col, 0, width, acc, 0, k, true, false);
                }
                synchronized (partials) { partials.put(from, acc); }
            });
            sumPartials(partials, dw);
            return;
        }
        boolean byImage = batchParallel(g);
        TreeMap<Integer, double[]> partials = new TreeMap<>();
        Parallel.range(byImage ? g.n() : 1, 1, (from, to) -> {
            int n0 = byImage ? from : 0, n1 = byImage ? to : g.n();
            double[] acc = new double[dw.length];
            for (int n = n0; n < n1; n++) {
                for (int gr = 0; gr < g.groups(); gr++) {
                    int xOff = (n * g.c() + gr * g.cg()) * g.inPlane();
                    int yOff = (n * g.o() + gr * g.og()) * g.outPlane();
                    double[] col = x;
                    int colOff = xOff;
                    if (!g.pointwise()) {
                        col = colBuffer(g.colRows() * g.outPlane());
                        colOff = 0;
                        im2col(x, xOff, g, col);
                    }
                    Gemm.dgemm(false, true, g.og(), g.colRows(), g.outPlane(), gy, yOff, g.outPlane(), col, colOff,
                            g.outPlane(), acc, gr * g.og() * g.colRows(), g.colRows(), true, !byImage);
                }
            }
            synchronized (partials) { partials.put(from, acc); }
        });
        sumPartials(partials, dw);
    }

    /** dw = the threads' partial sums added in the order of their first images (the same bits for a thread count). */
    static void sumPartials(TreeMap<Integer, double[]> partials, double[] dw) {
        Arrays.fill(dw, 0);
        for (double[] acc : partials.values()) for (int i = 0; i < dw.length; i++) dw[i] += acc[i];
    }

    /**
     * Depthwise convolution (one input and one output channel per group, as in DARTS's separable and dilated
     * convolutions), directly: for each tap (i, j), y[oh, ow] += w[i, j] · x[oh·s − p + i·d, ow·s − p + j·d], the
     * inner loop along a row. Planes are split over threads.
     */
    static void depthwiseForward(double[] x, double[] w, double[] y, ConvGeometry g) {
        if (Gemm.VECTORIZED && DoubleDepthwise.serves(g)) { DoubleDepthwise.forward(x, w, y, g); return; }
        if (Gemm.VECTORIZED && DoubleDepthwiseStride2.serves(g)) { DoubleDepthwiseStride2.forward(x, w, y, g); return; }
        var p = g.p();
        int c = g.c(), kh = g.kh(), kw = g.kw(), ohN = g.oh(), owN = g.ow(), h = g.h(), wd = g.w(), sw = p.strideW();
        Parallel.range(g.n() * c, 2, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c, xOff = plane * h * wd, yOff = plane * ohN * owN;
                Arrays.fill(y, yOff, yOff + ohN * owN, 0);
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        double wv = w[(ch * kh + i) * kw + j];
                        int ow0 = g.firstValid(p.padW(), j, p.dilationW(), sw), ow1 = g.endValid(p.padW(), j, p.dilationW(), sw, wd, owN);
                        for (int oh = 0; oh < ohN; oh++) {
                            int ih = oh * p.strideH() - p.padH() + i * p.dilationH();
                            if (ih < 0 || ih >= h) continue;
                            int src = xOff + ih * wd - p.padW() + j * p.dilationW(), dst = yOff + oh * owN;
                            if (sw == 1) for (int ow = ow0; ow < ow1; ow++) y[dst + ow] += wv * x[src + ow];
                            else for (int ow = ow0; ow < ow1; ow++) y[dst + ow] += wv * x[src + ow * sw];
                        }
                    }
                }
            }
        });
    }

    /** The adjoint of {@link #depthwiseForward} in x: dx[ih, iw] += w[i, j] · gy[oh, ow] over every tap. */
    static void depthwiseInputGrad(double[] gy, double[] w, double[] dx, ConvGeometry g) {
        if (Gemm.VECTORIZED && DoubleDepthwise.serves(g)) { DoubleDepthwise.inputGrad(gy, w, dx, g); return; }
        if (Gemm.VECTORIZED && DoubleDepthwiseStride2.serves(g)) { DoubleDepthwiseStride2.inputGrad(gy, w, dx, g); return; }
        var p = g.p();
        int c = g.c(), kh = g.kh(), kw = g.kw(), ohN = g.oh(), owN = g.ow(), h = g.h(), wd = g.w(), sw = p.strideW();
        Parallel.range(g.n() * c, 2, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int ch = plane % c, xOff = plane * h * wd, yOff = plane * ohN * owN;
                Arrays.fill(dx, xOff, xOff + h * wd, 0);
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        double wv = w[(ch * kh + i) * kw + j];
                        int ow0 = g.firstValid(p.padW(), j, p.dilationW(), sw), ow1 = g.endValid(p.padW(), j, p.dilationW(), sw, wd, owN);
                        for (int oh = 0; oh < ohN; oh++) {
                            int ih = oh * p.strideH() - p.padH() + i * p.dilationH();
                            if (ih < 0 || ih >= h) continue;
                            int dst = xOff + ih * wd - p.padW() + j * p.dilationW(), src = yOff + oh * owN;
                            if (sw == 1) for (int ow = ow0; ow < ow1; ow++) dx[dst + ow] += wv * gy[src + ow];
                            else for (int ow = ow0; ow < ow1; ow++) dx[dst + ow * sw] += wv * gy[src + ow];
                        }
                    }
                }
            }
        });
    }

    /** dw[c, i, j] = Σ_n Σ_{oh, ow} gy[n, c, oh, ow] · x[n, c, oh·s − p + i·d, ow·s − p + j·d], split over channels. */
    static void depthwiseWeightGrad(double[] x, double[] gy, double[] dw, ConvGeometry g) {
        if (Gemm.VECTORIZED && DoubleDepthwise.serves(g)) { DoubleDepthwise.weightGrad(x, gy, dw, g); return; }
        if (Gemm.VECTORIZED && DoubleDepthwiseStride2.serves(g)) { DoubleDepthwiseStride2.weightGrad(x, gy, dw, g); return; }
        var p = g.p();
        int c = g.c(), kh = g.kh(), kw = g.kw(), ohN = g.oh(), owN = g.ow(), h = g.h(), wd = g.w(), sw = p.strideW();
        Parallel.range(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        int ow0 = g.firstValid(p.padW(), j, p.dilationW(), sw), ow1 = g.endValid(p.padW(), j, p.dilationW(), sw, wd, owN);
                        double acc = 0;
                        for (int n = 0; n < g.n(); n++) {
                            int plane = n * c + ch, xOff = plane * h * wd, yOff = plane * ohN * owN;
                            for (int oh = 0; oh < ohN; oh++) {
                                int ih = oh * p.strideH() - p.padH() + i * p.dilationH();
                                if (ih < 0 || ih >= h) continue;
                                int src = xOff + ih * wd - p.padW() + j * p.dilationW(), gyo = yOff + oh * owN;
                                double s = 0;
                                if (sw == 1) for (int ow = ow0; ow < ow1; ow++) s += gy[gyo + ow] * x[src + ow];
                                else for (int ow = ow0; ow < ow1; ow++) s += gy[gyo + ow] * x[src + ow * sw];
                                acc += s;
                            }
                        }
                        dw[(ch * kh + i) * kw + j] = (double) acc;
                    }
                }
            }
        });
    }

    /** col[(c*kh + i)*kw + j][oh*OW + ow] = x[c, oh*sh - ph + i*dh, ow*sw - pw + j*dw], zero outside the image. */
    static void im2col(double[] x, int xOff, ConvGeometry g, double[] col) { im2col(x, xOff, g, col, 0, g.outPlane()); }

    /** {@link #im2col} into columns colOff.. of a matrix whose rows are {@code ld} apart (several images side by side). */
    static void im2col(double[] x, int xOff, ConvGeometry g, double[] col, int colOff, int ld) {
        var p = g.p();
        int ohN = g.oh(), owN = g.ow(), sw = p.strideW();
        for (int c = 0; c < g.cg(); c++) {
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                    int row = colOff + ((c * g.kh() + i) * g.kw() + j) * ld;
                    int ow0 = g.firstValid(p.padW(), j, p.dilationW(), sw);
                    int ow1 = g.endValid(p.padW(), j, p.dilationW(), sw, g.w(), owN);
                    for (int oh = 0; oh < ohN; oh++) {
                        int ih = oh * p.strideH() - p.padH() + i * p.dilationH();
                        int dst = row + oh * owN;
                        // plain loops: the zero borders are one or two values, too short for Arrays.fill's call
                        if (ih < 0 || ih >= g.h() || ow0 >= ow1) {
                            for (int ow = 0; ow < owN; ow++) col[dst + ow] = 0;
                            continue;
                        }
                        int src = xOff + (c * g.h() + ih) * g.w() - p.padW() + j * p.dilationW();
                        for (int ow = 0; ow < ow0; ow++) col[dst + ow] = 0;
                        if (sw == 1) for (int ow = ow0; ow < ow1; ow++) col[dst + ow] = x[src + ow];
                        else for (int ow = ow0; ow < ow1; ow++) col[dst + ow] = x[src + ow * sw];
                        for (int ow = ow1; ow < owN; ow++) col[dst + ow] = 0;
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds each column entry back to the pixel it was read from. */
    static void col2im(double[] col, ConvGeometry g, double[] dx, int xOff) { col2im(col, 0, g.outPlane(), g, dx, xOff); }

    /** {@link #col2im} from columns colOff.. of a matrix whose rows are {@code ld} apart. */
    static void col2im(double[] col, int colOff, int ld, ConvGeometry g, double[] dx, int xOff) {
        var p = g.p();
        int ohN = g.oh(), owN = g.ow(), sw = p.strideW();
        Arrays.fill(dx, xOff, xOff + g.cg() * g.inPlane(), 0);
        for (int c = 0; c < g.cg(); c++) {
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                    int row = colOff + ((c * g.kh() + i) * g.kw() + j) * ld;
                    int ow0 = g.firstValid(p.padW(), j, p.dilationW(), sw);
                    int ow1 = g.endValid(p.padW(), j, p.dilationW(), sw, g.w(), owN);
                    for (int oh = 0; oh < ohN; oh++) {
                        int ih = oh * p.strideH() - p.padH() + i * p.dilationH();
                        if (ih < 0 || ih >= g.h()) continue;
                        int src = row + oh * owN;
                        int dst = xOff + (c * g.h() + ih) * g.w() - p.padW() + j * p.dilationW();
                        if (sw == 1) DoubleKernels.addInto(col, src + ow0, dx, dst + ow0, ow1 - ow0);
                        else for (int ow = ow0; ow < ow1; ow++) dx[dst + ow * sw] += col[src + ow];
                    }
                }
            }
        }
    }
}
