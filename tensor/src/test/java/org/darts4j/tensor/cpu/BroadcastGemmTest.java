package org.darts4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatBroadcastGemm} and its float64 twin against the definition C[t, v] (+)= Σ_p A(t, p) · B[p, v], summed in
 * the kernels' order (p ascending, one fused multiply-add per step), so that every element must agree to the bit: for
 * rows whose offsets are runs (one offset per panel of six), pairs of runs of three (two offsets), and neither (six),
 * with and without a table of k offsets, stored and added, over panels cut short and a last single vector of columns.
 */
class BroadcastGemmTest {
    private enum Layout { RUNS, TRIPLES, SCATTERED }

    /** Row offsets of A: {@code m} rows laid out as the layout says, every offset plus kSpan inside a. */
    private static int[] rows(Layout layout, int m, Random random) {
        int[] r = new int[m];
        for (int t = 0; t < m; t++)
            r[t] = switch (layout) {
                case RUNS -> 3 + t;                                          // neighbouring pixels of one output row
                case TRIPLES -> 7 * (t / 3) + t % 3;                         // three taps of a kernel row, the next row 7 on
                case SCATTERED -> random.nextInt(40);                        // anything
            };
        return r;
    }

    @Test void everyPanelLayoutGivesTheDefinitionsBits() {
        Random random = new Random(11);
        for (Layout layout : Layout.values())
            for (int m : new int[] {6, 13, 25})
                for (int vectors : new int[] {2, 5})
                    for (boolean table : new boolean[] {false, true})
                        for (boolean store : new boolean[] {true, false}) {
                            String what = layout + " m " + m + ", " + vectors + " vectors" + (table ? ", with k table" : "") + (store ? ", stored" : ", added");
                            int k = 17, kSpan = 60;
                            int[] aRows = rows(layout, m, random);
                            int[] kRows = null;
                            if (table) {
                                kRows = new int[k];
                                for (int p = 0; p < k; p++) kRows[p] = random.nextInt(kSpan);
                            }
                            int aLength = 200 + kSpan;
                            int nf = vectors * FloatBroadcastGemm.L, nd = vectors * DoubleBroadcastGemm.L;
                            float[] af = new float[aLength], bf = new float[k * nf], cf = new float[m * nf];
                            double[] ad = new double[aLength], bd = new double[k * nd], cd = new double[m * nd];
                            for (int i = 0; i < aLength; i++) ad[i] = af[i] = (float) random.nextGaussian();
                            for (int i = 0; i < bf.length; i++) bf[i] = (float) random.nextGaussian();
                            for (int i = 0; i < bd.length; i++) bd[i] = random.nextGaussian();
                            for (int i = 0; i < cf.length; i++) cf[i] = (float) random.nextGaussian();
                            for (int i = 0; i < cd.length; i++) cd[i] = random.nextGaussian();
                            float[] expectF = cf.clone();
                            double[] expectD = cd.clone();
                            for (int t = 0; t < m; t++) {
                                for (int v = 0; v < nf; v++) {
                                    float sum = 0;
                                    for (int p = 0; p < k; p++) sum = Math.fma(af[aRows[t] + (kRows == null ? p : kRows[p])], bf[p * nf + v], sum);
                                    expectF[t * nf + v] = store ? sum : expectF[t * nf + v] + sum;
                                }
                                for (int v = 0; v < nd; v++) {
                                    double sum = 0;
                                    for (int p = 0; p < k; p++) sum = Math.fma(ad[aRows[t] + (kRows == null ? p : kRows[p])], bd[p * nd + v], sum);
                                    expectD[t * nd + v] = store ? sum : expectD[t * nd + v] + sum;
                                }
                            }
                            FloatBroadcastGemm.multiply(m, nf, k, af, aRows, kRows, bf, nf, cf, nf, store);
                            DoubleBroadcastGemm.multiply(m, nd, k, ad, aRows, kRows, bd, nd, cd, nd, store);
                            for (int i = 0; i < cf.length; i++) assertEquals(expectF[i], cf[i], 0f, what + ": float32 element " + i);
                            for (int i = 0; i < cd.length; i++) assertEquals(expectD[i], cd[i], 0.0, what + ": float64 element " + i);
                        }
    }
}
