package org.darts4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.darts4j.tensor.DType;
import org.darts4j.tensor.PoolParams;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Pooling against its definition. Max pooling, its scatter (the adjoint) and gather (the scatter's adjoint) against the definition: the first maximum
 * of the window in row-major order, NaN winning at once, padding never. Data with many ties, NaNs and all −∞ windows,
 * on planes narrower and wider than a vector, for the vector paths (stride 1, and stride 2 by phases) and the scalar one
 * (stride 3).
 */
class PoolTest {
    /** {kernel, stride, pad, h, w}. */
    private static final int[][] CASES = {
            {3, 1, 1, 7, 7}, {3, 1, 1, 5, 37}, {5, 1, 2, 6, 20}, {2, 1, 1, 4, 17}, {3, 1, 0, 6, 9}, {3, 2, 1, 9, 8}, {2, 2, 0, 6, 6},
            {3, 2, 1, 7, 7}, {3, 2, 1, 6, 41}, {2, 2, 0, 7, 9}, {3, 2, 0, 9, 36}, {3, 3, 1, 8, 8},
    };

    private static int argmax(double[] x, int base, int h, int w, int oh, int ow, int k, int s, int p) {
        int best = -1;
        double m = 0;
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) {
                int r = oh * s - p + i, c = ow * s - p + j;
                if (r < 0 || r >= h || c < 0 || c >= w) continue;
                double v = x[base + r * w + c];
                if (Double.isNaN(v)) return r * w + c;
                if (best < 0 || v > m) { best = r * w + c; m = v; }
            }
        return best;
    }

    private static double[] data(int planes, int h, int w, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] x = new double[planes * h * w];
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(4) - 1.5;   // four values: ties everywhere
        for (int i = 0; i < x.length; i += 11) x[i] = Double.NaN;
        // plane 1 holds only −∞ except one value, so windows whose maximum is −∞ exist
        for (int i = h * w; i < 2 * h * w; i++) x[i] = Double.NEGATIVE_INFINITY;
        x[h * w + h * w / 2] = 0.5;
        return x;
    }

    @Test void maxPoolingForwardScatterAndGatherFollowTheDefinition() {
        for (int[] cs : CASES) for (DType t : DType.values()) {
            int k = cs[0], s = cs[1], p = cs[2], h = cs[3], w = cs[4], n = 2, c = 2, planes = n * c;
            PoolParams pp = PoolParams.of(k, s, p, true);
            double[] xd = data(planes, h, w, 7 + k * 31 + w);
            Tensor x = Tensor.fromArray(t, xd, n, c, h, w);
            Tensor y = x.maxPool2d(pp);
            int oh = pp.outH(h), ow = pp.outW(w);
            assertEquals(Shape.of(n, c, oh, ow), y.shape());
            double[] yd = y.toDoubleArray(), gy = new double[yd.length], hin = new double[xd.length];
            for (int i = 0; i < gy.length; i++) gy[i] = i % 13 + 1;
            for (int i = 0; i < hin.length; i++) hin[i] = i * 0.25;
            double[] dx = x.backend().maxPool2dScatter(Tensor.fromArray(t, gy, n, c, oh, ow), x, pp).toDoubleArray();
            double[] g = x.backend().maxPool2dGather(Tensor.fromArray(t, hin, n, c, h, w), x, pp).toDoubleArray();
            double[] want = new double[xd.length];
            String where = java.util.Arrays.toString(cs) + " " + t;
            for (int pl = 0; pl < planes; pl++)
                for (int a = 0; a < oh; a++)
                    for (int b = 0; b < ow; b++) {
                        int o = (pl * oh + a) * ow + b, am = argmax(xd, pl * h * w, h, w, a, b, k, s, p);
                        assertEquals(xd[pl * h * w + am], yd[o], 0, "forward " + where + " at " + o);
                        assertEquals(hin[pl * h * w + am], g[o], 0, "gather " + where + " at " + o);
                        want[pl * h * w + am] += gy[o];
                    }
            for (int i = 0; i < want.length; i++) assertEquals(want[i], dx[i], 0, "scatter " + where + " at " + i);
        }
    }

    /**
     * The scatter adds each pixel's gradients in the windows' row-major order, in the tensor's precision, with
     * gradients whose sums round (stride 1 and 2 windows overlap, and ties make one pixel the argmax of several
     * windows): a vector scatter must keep the scalar loop's bits (one that took the taps in another order was caught).
     */
    @Test void maxPoolingScatterAddsInTheWindowsOrder() {
        for (int[] cs : CASES) for (DType t : DType.values()) {
            int k = cs[0], s = cs[1], p = cs[2], h = cs[3], w = cs[4], n = 2, c = 2, planes = n * c;
            PoolParams pp = PoolParams.of(k, s, p, true);
            double[] xd = data(planes, h, w, 11 + k * 17 + w);
            int oh = pp.outH(h), ow = pp.outW(w);
            java.util.Random r = new java.util.Random(k + 5L * w);
            double[] gy = new double[planes * oh * ow];
            for (int i = 0; i < gy.length; i++) gy[i] = t == DType.FLOAT32 ? (float) r.nextGaussian() : r.nextGaussian();
            Tensor x = Tensor.fromArray(t, xd, n, c, h, w);
            double[] dx = x.backend().maxPool2dScatter(Tensor.fromArray(t, gy, n, c, oh, ow), x, pp).toDoubleArray();
            double[] want = new double[xd.length];
            float[] wantF = new float[xd.length];
            for (int pl = 0; pl < planes; pl++)
                for (int a = 0; a < oh; a++)
                    for (int b = 0; b < ow; b++) {
                        int o = (pl * oh + a) * ow + b, am = pl * h * w + argmax(xd, pl * h * w, h, w, a, b, k, s, p);
                        want[am] += gy[o];
                        wantF[am] += (float) gy[o];
                    }
            for (int i = 0; i < want.length; i++)
                assertEquals(t == DType.FLOAT32 ? wantF[i] : want[i], dx[i], 0, "scatter " + java.util.Arrays.toString(cs) + " " + t + " at " + i);
        }
    }

    /** Average pooling and its adjoint against the definition, both divisor rules, on planes around a vector's width. */
    @Test void averagePoolingAndItsAdjointFollowTheDefinition() {
        for (int[] cs : CASES) for (boolean includePad : new boolean[] {false, true}) for (DType t : DType.values()) {
            int k = cs[0], s = cs[1], p = cs[2], h = cs[3], w = cs[4], n = 2, c = 2, planes = n * c;
            PoolParams pp = PoolParams.of(k, s, p, includePad);
            java.util.Random rnd = new java.util.Random(k * 7 + w);
            double[] xd = new double[planes * h * w];
            for (int i = 0; i < xd.length; i++) xd[i] = rnd.nextGaussian();
            Tensor x = Tensor.fromArray(t, xd, n, c, h, w);
            double[] yd = x.avgPool2d(pp).toDoubleArray();
            int oh = pp.outH(h), ow = pp.outW(w);
            double[] gy = new double[planes * oh * ow];
            for (int i = 0; i < gy.length; i++) gy[i] = rnd.nextGaussian();
            double[] dx = x.backend().avgPool2dBackward(Tensor.fromArray(t, gy, n, c, oh, ow), x.shape(), pp).toDoubleArray();
            double[] want = new double[xd.length];
            double tol = t == DType.FLOAT64 ? 1e-12 : 1e-5;
            String where = java.util.Arrays.toString(cs) + " includePad " + includePad + " " + t;
            for (int pl = 0; pl < planes; pl++)
                for (int a = 0; a < oh; a++)
                    for (int b = 0; b < ow; b++) {
                        double sum = 0;
                        int count = 0, all = 0;
                        for (int i = 0; i < k; i++)
                            for (int j = 0; j < k; j++) {
                                int r = a * s - p + i, col = b * s - p + j;
                                if (r >= h + p || col >= w + p) continue;   // past the padding: not in the window
                                all++;
                                if (r < 0 || r >= h || col < 0 || col >= w) continue;
                                sum += xd[pl * h * w + r * w + col];
                                count++;
                            }
                        int div = includePad ? all : count, o = (pl * oh + a) * ow + b;
                        assertEquals(sum / div, yd[o], tol, "forward " + where + " at " + o);
                        for (int i = 0; i < k; i++)
                            for (int j = 0; j < k; j++) {
                                int r = a * s - p + i, col = b * s - p + j;
                                if (r >= 0 && r < h && col >= 0 && col < w) want[pl * h * w + r * w + col] += gy[o] / div;
                            }
                    }
            for (int i = 0; i < want.length; i++) assertEquals(want[i], dx[i], tol, "adjoint " + where + " at " + i);
        }
    }
}
