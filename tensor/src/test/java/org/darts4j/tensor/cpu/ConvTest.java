package org.darts4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Convolution (im2col, shifted, depthwise) and its two adjoints against the definition, for the geometries DARTS and ResNet use. */
class ConvTest {
    /** {c, o, groups, k, stride, pad, dilation, h, w}. */
    private static final int[][] CASES = {
            {4, 4, 4, 3, 1, 1, 1, 7, 6},   // depthwise 3x3
            {4, 4, 4, 5, 1, 2, 1, 7, 7},   // depthwise 5x5
            {4, 4, 4, 3, 1, 2, 2, 8, 9},   // dilated 3x3
            {4, 4, 4, 5, 1, 4, 2, 9, 8},   // dilated 5x5
            {3, 3, 3, 3, 1, 1, 1, 5, 37},  // depthwise rows longer than two vectors (rounded up to whole vectors)
            {3, 3, 3, 5, 1, 4, 2, 6, 20},  // dilated 5x5 on a kirigami-shaped plane
            {2, 2, 2, 3, 1, 0, 1, 6, 6},   // depthwise without padding
            {3, 3, 3, 7, 1, 3, 1, 9, 11},  // depthwise 7x7 (the kernels' general tap loop)
            {3, 3, 3, 1, 1, 0, 1, 5, 9},   // depthwise 1x1
            {4, 4, 4, 3, 2, 1, 1, 9, 8},   // depthwise 3x3 stride 2 (a reduction cell's separable convolution)
            {4, 4, 4, 5, 2, 4, 2, 9, 9},   // dilated 5x5 stride 2
            {4, 4, 4, 5, 2, 2, 1, 7, 7},   // depthwise 5x5 stride 2 on an odd plane (14 -> 7 -> 4 in a reduction cell)
            {4, 4, 4, 3, 2, 2, 2, 7, 6},   // dilated 3x3 stride 2, odd height
            {3, 3, 3, 3, 2, 1, 1, 6, 41},  // depthwise stride 2, output rows longer than two vectors
            {3, 3, 3, 3, 2, 0, 1, 8, 9},   // depthwise stride 2 without padding
            {2, 2, 2, 4, 2, 1, 1, 9, 10},  // depthwise stride 2, even kernel
            {4, 6, 1, 1, 1, 0, 1, 5, 5},   // 1x1
            {4, 6, 1, 1, 2, 0, 1, 6, 7},   // 1x1 stride 2 (factorized reduce)
            {3, 4, 4 / 4, 3, 2, 1, 1, 9, 8}, // stride 2
            {6, 4, 2, 3, 2, 1, 1, 8, 8},   // grouped, stride 2
            {3, 5, 1, 3, 1, 0, 1, 5, 7},   // no padding
            {2, 4, 1, 3, 1, 1, 1, 28, 28}, // 28x28: two images per GEMM (FloatConv.imagesPerGemm), a last chunk of one
            {3, 4, 1, 1, 1, 0, 1, 7, 7},   // 1x1 on 7x7: the images of a thread in one GEMM, columns copied side by side
            {4, 6, 1, 3, 2, 1, 1, 8, 8},   // stride 2 on images in one GEMM
            // FloatShiftedConv (stride 1, one group): the padded image's shifted rows read in place
            {32, 8, 1, 3, 1, 1, 1, 7, 7},  // k = 288 rows: two blocks of k through the row table
            {1, 100, 1, 3, 1, 1, 1, 6, 6}, // 100 output channels: two blocks of rows of A
            {3, 4, 1, 3, 1, 2, 2, 9, 16},  // dilated, ungrouped
            {2, 3, 1, 5, 1, 2, 1, 20, 20}, // 5x5, grid rows longer than a panel
            {3, 2, 1, 3, 1, 0, 1, 12, 40}, // no padding: the adjoint pads by 2
            // FloatPixelConv (one group, at least two vectors of output channels and of taps): pixels as rows
            {8, 32, 1, 3, 1, 1, 1, 7, 7},  // a 6-row panel cut short (49 pixels per image), two vectors of channels
            {5, 40, 1, 3, 2, 1, 1, 9, 8},  // stride 2, 40 channels: a last single vector on 12-row panels, lanes padded
            {4, 33, 1, 5, 1, 4, 2, 6, 9},  // dilated 5x5, 33 channels
            {40, 36, 1, 3, 2, 0, 1, 8, 7}, // stride 2 without padding: x read where it lies, the adjoint by im2col; 360 taps
            {36, 48, 1, 3, 1, 1, 1, 5, 5}, // the adjoint of 48 -> 36 channels on the pixel path too
    };

    /** The cases above that {@link FloatShiftedConv} computes (it needs at least one image per thread). */
    private static final int FIRST_SHIFTED = CASES.length - 10;

    /** The cases above that {@link FloatPixelConv} computes in float32. */
    private static final int FIRST_PIXEL = CASES.length - 5;

    private static int images() { return Math.max(3, Parallel.threads()); }

    private static double naive(double[] x, double[] w, int n, int o, int oh, int ow, int c, int h, int wd, int cg, int og,
                                int k, int s, int p, int d) {
        int g = o / og;
        double acc = 0;
        for (int ci = 0; ci < cg; ci++)
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++) {
                    int ih = oh * s - p + i * d, iw = ow * s - p + j * d;
                    if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                    acc += x[((n * c + g * cg + ci) * h + ih) * wd + iw] * w[((o * cg + ci) * k + i) * k + j];
                }
        return acc;
    }

    @Test void forwardAndAdjointsMatchDefinition() {
        Generator gen = new Generator(5);
        for (int[] cs : CASES) for (DType t : DType.values()) {
            int c = cs[0], o = cs[1], groups = cs[2], k = cs[3], s = cs[4], p = cs[5], d = cs[6], h = cs[7], wd = cs[8], n = images();
            ConvParams cp = ConvParams.of(s, p, d, groups);
            Tensor x = Tensor.normal(gen, t, 0, 1, n, c, h, wd), w = Tensor.normal(gen, t, 0, 1, o, c / groups, k, k);
            Tensor y = x.conv2d(w, cp);
            double[] xd = x.toDoubleArray(), wdat = w.toDoubleArray(), yd = y.toDoubleArray();
            int oh = y.size(2), ow = y.size(3);
            double tol = t == DType.FLOAT64 ? 1e-12 : 1e-4;
            for (int ni = 0; ni < n; ni++) for (int oi = 0; oi < o; oi++) for (int a = 0; a < oh; a++) for (int b = 0; b < ow; b++)
                assertEquals(naive(xd, wdat, ni, oi, a, b, c, h, wd, c / groups, o / groups, k, s, p, d),
                        yd[((ni * o + oi) * oh + a) * ow + b], tol, "forward " + java.util.Arrays.toString(cs) + " " + t);
            // adjoint identities: <conv(x, w), gy> = <x, inputGrad(gy, w)> = <w, weightGrad(x, gy)>
            Tensor gy = Tensor.normal(gen, t, 0, 1, y.dims());
            double lhs = y.mul(gy).sum().item();
            double viaX = x.mul(x.backend().conv2dInputGrad(gy, w, x.shape(), cp)).sum().item();
            double viaW = w.mul(x.backend().conv2dWeightGrad(x, gy, w.shape(), cp)).sum().item();
            double scale = t == DType.FLOAT64 ? 1e-10 : 1e-3;
            assertEquals(lhs, viaX, scale * (1 + Math.abs(lhs)), "input adjoint " + java.util.Arrays.toString(cs));
            assertEquals(lhs, viaW, scale * (1 + Math.abs(lhs)), "weight adjoint " + java.util.Arrays.toString(cs));
        }
    }

    @Test void shiftedCasesTakeTheShiftedPath() {
        for (int i = FIRST_SHIFTED; i < FIRST_PIXEL; i++) {
            int[] cs = CASES[i];
            ConvParams cp = ConvParams.of(cs[4], cs[5], cs[6], cs[2]);
            ConvGeometry g = ConvGeometry.of(Shape.of(images(), cs[0], cs[7], cs[8]), Shape.of(cs[1], cs[0] / cs[2], cs[3], cs[3]), cp);
            assertTrue(!Gemm.VECTORIZED || FloatShiftedConv.serves(g) && DoubleShiftedConv.serves(g), java.util.Arrays.toString(cs));
            // The dispatch tries the pixel path first. In float32 these cases have too few output channels or taps
            // for it on 256- and 512-bit vectors; in float64 on 256-bit vectors (AVX2: 4 doubles a vector) the cases with
            // 8 or more output channels and taps take it instead, and the others still take the shifted path.
            assertFalse(FloatPixelConv.serves(g), java.util.Arrays.toString(cs));
            if (DoubleBroadcastGemm.L >= 8) assertFalse(DoublePixelConv.serves(g), java.util.Arrays.toString(cs));
        }
        for (int i = FIRST_PIXEL; i < CASES.length; i++) {
            int[] cs = CASES[i];
            ConvParams cp = ConvParams.of(cs[4], cs[5], cs[6], cs[2]);
            ConvGeometry g = ConvGeometry.of(Shape.of(images(), cs[0], cs[7], cs[8]), Shape.of(cs[1], cs[0] / cs[2], cs[3], cs[3]), cp);
            assertTrue(!Gemm.VECTORIZED || FloatBroadcastGemm.L > 16 || FloatPixelConv.serves(g), java.util.Arrays.toString(cs));
            assertTrue(!Gemm.VECTORIZED || DoublePixelConv.serves(g), java.util.Arrays.toString(cs));
        }
        // and the im2col path keeps the rest: a stride-2 convolution, and a grid too much wider than the output
        assertFalse(FloatShiftedConv.serves(ConvGeometry.of(Shape.of(images(), 4, 8, 8), Shape.of(6, 4, 3, 3), ConvParams.of(2, 1, 1, 1))));
        assertFalse(FloatShiftedConv.serves(ConvGeometry.of(Shape.of(images(), 2, 5, 5), Shape.of(3, 2, 5, 5), ConvParams.of(1, 2, 1, 1))));
    }

    @Test void batchOfOneSplitsTheGemmInstead() {
        Generator gen = new Generator(6);
        Tensor x = Tensor.normal(gen, DType.FLOAT32, 0, 1, 1, 16, 12, 12), w = Tensor.normal(gen, DType.FLOAT32, 0, 1, 32, 16, 3, 3);
        Tensor y = x.conv2d(w, ConvParams.of(1, 1, 1, 1));
        Tensor y64 = x.to(DType.FLOAT64).conv2d(w.to(DType.FLOAT64), ConvParams.of(1, 1, 1, 1));
        assertEquals(0, y.to(DType.FLOAT64).sub(y64).abs().max(new int[0], false).item(), 1e-4);
        assertEquals(Shape.of(1, 32, 12, 12), y.shape());
    }

    /**
     * The shifted weight gradient multiplies blocks of images as one long row (FloatShiftedConv.weightGrad): checked
     * element by element against the definition in float64 where a thread's images end in a partial block (12x40
     * planes: blocks of 3; 7x7: blocks of 13) and the buffers still hold the previous block's images. The last case is
     * the pixel path's (FloatPixelConv.weightGrad: blocks of 3 images of 12x40 too, the last one partial).
     */
    @Test void shiftedWeightGradientOverBlocksOfImagesMatchesDefinition() {
        Generator gen = new Generator(7);
        for (int[] cs : new int[][] {{3, 2, 12, 40, 0, 9}, {4, 5, 7, 7, 1, 31}, {20, 17, 12, 40, 1, 9}}) {
            int c = cs[0], o = cs[1], h = cs[2], wd = cs[3], p = cs[4], n = cs[5], k = 3;
            ConvParams cp = ConvParams.of(1, p, 1, 1);
            Tensor x = Tensor.normal(gen, DType.FLOAT64, 0, 1, n, c, h, wd), w = Tensor.normal(gen, DType.FLOAT64, 0, 1, o, c, k, k);
            ConvGeometry geometry = ConvGeometry.of(x.shape(), w.shape(), cp);
            assertTrue(!Gemm.VECTORIZED || (o > 16 ? DoublePixelConv.serves(geometry) : FloatShiftedConv.serves(geometry)));
            Tensor gy = Tensor.normal(gen, DType.FLOAT64, 0, 1, x.conv2d(w, cp).dims());
            double[] dw = x.backend().conv2dWeightGrad(x, gy, w.shape(), cp).toDoubleArray(), xd = x.toDoubleArray(), g = gy.toDoubleArray();
            int oh = gy.size(2), ow = gy.size(3);
            for (int oi = 0; oi < o; oi++) for (int ci = 0; ci < c; ci++) for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) {
                double want = 0;
                for (int ni = 0; ni < n; ni++) for (int a = 0; a < oh; a++) for (int b = 0; b < ow; b++) {
                    int ih = a - p + i, iw = b - p + j;
                    if (ih >= 0 && ih < h && iw >= 0 && iw < wd) want += g[((ni * o + oi) * oh + a) * ow + b] * xd[((ni * c + ci) * h + ih) * wd + iw];
                }
                assertEquals(want, dw[((oi * c + ci) * k + i) * k + j], 1e-10, java.util.Arrays.toString(cs) + " at " + oi + "," + ci + "," + i + "," + j);
            }
        }
    }
}
