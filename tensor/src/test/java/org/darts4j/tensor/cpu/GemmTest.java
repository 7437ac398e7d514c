package org.darts4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The packed kernels against the plain triple loop, over sizes that hit every edge of the blocking. */
class GemmTest {
    private static final int[][] SIZES = {{1, 1, 1}, {7, 5, 3}, {6, 32, 256}, {13, 33, 257}, {97, 65, 300}, {200, 130, 70}, {5, 1000, 9}, {16, 70, 40}, {8, 64, 12}, {32, 49, 576}, {4, 33, 5}, {20, 65, 300}, {16, 145, 1000}, {3, 3, 600}};

    @Test void vectorApiIsInUse() {
        assertTrue(Gemm.VECTORIZED, "the tests run with --add-modules jdk.incubator.vector");
    }

    @Test void floatMatchesReference() {
        SplittableRandom r = new SplittableRandom(1);
        for (int[] s : SIZES) for (int t = 0; t < 4; t++) for (boolean acc : new boolean[] {false, true}) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int m = s[0], n = s[1], k = s[2];
            float[] a = new float[m * k + 3], b = new float[k * n + 5], c = new float[m * n + 2], ref = new float[m * n + 2];
            for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
            for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
            for (int i = 0; i < c.length; i++) ref[i] = c[i] = (float) r.nextDouble(-1, 1);
            int lda = ta ? m : k, ldb = tb ? k : n;
            Gemm.sgemm(ta, tb, m, n, k, a, 3, lda, b, 5, ldb, c, 2, n, acc, true);
            if (!acc) java.util.Arrays.fill(ref, 2, 2 + m * n, 0f);
            Gemm.reference(ta, tb, m, n, k, a, 3, lda, b, 5, ldb, ref, 2, n);
            for (int i = 0; i < c.length; i++) assertEquals(ref[i], c[i], 1e-4 * (1 + Math.abs(ref[i])) * Math.sqrt(k), "m,n,k=" + m + "," + n + "," + k + " ta=" + ta + " tb=" + tb + " at " + i);
        }
    }

    @Test void doubleMatchesReference() {
        SplittableRandom r = new SplittableRandom(2);
        for (int[] s : SIZES) for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int m = s[0], n = s[1], k = s[2];
            double[] a = new double[m * k], b = new double[k * n], c = new double[m * n], ref = new double[m * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextDouble(-1, 1);
            for (int i = 0; i < b.length; i++) b[i] = r.nextDouble(-1, 1);
            Gemm.dgemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, c, 0, n, false, true);
            Gemm.reference(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, ref, 0, n);
            for (int i = 0; i < c.length; i++) assertEquals(ref[i], c[i], 1e-12 * k, "m,n,k=" + m + "," + n + "," + k + " at " + i);
        }
    }

    @Test void sameBitsForTheSameThreadCount() {
        SplittableRandom r = new SplittableRandom(3);
        int m = 150, n = 300, k = 200;
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
        float[] c1 = new float[m * n], c2 = new float[m * n];
        Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, c1, 0, n, false, true);
        Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, c2, 0, n, false, true);
        assertTrue(java.util.Arrays.equals(c1, c2));
    }

    /**
     * C = A · Bᵀ (a weight gradient: m output channels, k pixels) reads both operands in place and sums every element
     * in an order of its own: the same bits whether one thread computes all columns or threads split them.
     */
    @Test void transposedBGivesTheSameBitsWhicheverColumnsAThreadComputes() {
        SplittableRandom r = new SplittableRandom(4);
        int m = 16, n = 145, k = 1000;
        float[] a = new float[m * k], b = new float[n * k];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble(-1, 1);
        float[] whole = new float[m * n], split = new float[m * n];
        Gemm.sgemm(false, true, m, n, k, a, 0, k, b, 0, k, whole, 0, n, false, false);
        for (int j0 = 0; j0 < n; j0 += 32) FloatGemm.gemm(false, true, m, j0, Math.min(n, j0 + 32), k, a, 0, k, b, 0, k, null, split, 0, n, true);
        assertTrue(java.util.Arrays.equals(whole, split));
    }
}
