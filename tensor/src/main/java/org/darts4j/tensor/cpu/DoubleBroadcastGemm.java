package org.darts4j.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C[t, v] (+)= Σ_{p &lt; k} A(t, p) · B[p, v], where A is read where it lies, through offsets:
 * <pre>
 *   A(t, p) = a[aRows[t] + kOff(p)],   kOff(p) = kRows[p] with a table, else p,
 * </pre>
 * and B (k × n) and C (m × n) are row-major with n a whole number of vectors. Each value of A is broadcast to a vector and
 * multiplies a row of B: a convolution's output pixels as the rows t and its output channels as the vector lanes v
 * ({@link DoublePixelConv}), so that neither the image nor its shifted copies are ever packed, and any set of pixels (the
 * valid ones only, at any stride) can be the rows. Panels of 6 rows by two vectors (twelve accumulators), a last single
 * vector by panels of 12 rows; a panel's missing rows repeat its last one, computed and not stored.
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatBroadcastGemm only. TWIN-NOTE
 */
final class DoubleBroadcastGemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** The vector length: n must be a multiple of it. */
    static final int L = S.length();

    private DoubleBroadcastGemm() {}

    /** n rounded up to whole vectors. */
    static int padded(int n) { return (n + L - 1) / L * L; }

    /** This thread's scratch for B's panels of two vectors, each k × 2L and contiguous. */
    private static final ThreadLocal<double[][]> PANELS = ThreadLocal.withInitial(() -> new double[1][0]);

    /**
     * C (+)= A · B for rows [0, m) of C, all n columns: stored over C when {@code store}, else added to it (the sums of
     * each element run over p in order, in one lane). B's columns are first copied as panels of two vectors, each row of
     * a panel 2L values after the last, so that the kernels walk B with a constant stride (and the JIT checks its bounds
     * once per loop, not per step). A panel of six rows whose offsets are a run r0, r0 + 1, .., r0 + 5 (neighbouring
     * pixels of one output row, in a convolution) or two runs of three (neighbouring taps of two kernel rows, in its
     * weight gradient) is read through one or two offsets; any other through six. All give the same bits.
     */
    static void multiply(int m, int n, int k, double[] a, int[] aRows, int[] kRows, double[] b, int ldb, double[] c, int ldc, boolean store) {
        double[] tile = new double[12 * 2 * L];
        int wide = n - n % (2 * L), panel = k * 2 * L;
        double[] bp = panels(k, wide, b, ldb);
        for (int ir = 0; ir < m; ir += 6) {
            int mr = Math.min(6, m - ir);
            int r0 = aRows[ir], r1 = aRows[ir + Math.min(1, mr - 1)], r2 = aRows[ir + Math.min(2, mr - 1)],
                    r3 = aRows[ir + Math.min(3, mr - 1)], r4 = aRows[ir + Math.min(4, mr - 1)], r5 = aRows[ir + mr - 1];
            boolean triples = r1 == r0 + 1 && r2 == r0 + 2 && r4 == r3 + 1 && r5 == r3 + 2;
            int layout = !triples ? SCATTERED : r3 == r0 + 3 ? RUN : TRIPLES;
            for (int jr = 0; jr < wide; jr += 2 * L) {
                int bPos = jr / (2 * L) * panel;
                if (layout == RUN) kernel6x2Run(k, a, r0, kRows, bp, bPos, tile);
                else if (layout == TRIPLES) kernel6x2Triples(k, a, r0, r3, kRows, bp, bPos, tile);
                else kernel6x2(k, a, r0, r1, r2, r3, r4, r5, kRows, bp, bPos, tile);
                flush(tile, mr, c, ir * ldc + jr, ldc, store);
            }
        }
        if (wide < n) {
            for (int ir = 0; ir < m; ir += 12) {
                int last = Math.min(12, m - ir) - 1;
                boolean whole = last == 11;
                kernel12x1(k, a, aRows[ir], aRows[ir + Math.min(1, last)], aRows[ir + Math.min(2, last)],
                        aRows[ir + Math.min(3, last)], aRows[ir + Math.min(4, last)], aRows[ir + Math.min(5, last)],
                        aRows[ir + Math.min(6, last)], aRows[ir + Math.min(7, last)], aRows[ir + Math.min(8, last)],
                        aRows[ir + Math.min(9, last)], aRows[ir + Math.min(10, last)], aRows[ir + last], kRows, b, wide, ldb,
                        whole ? c : tile, whole ? ir * ldc + wide : 0, whole ? ldc : L, whole ? store : true);
                if (!whole) copyRows(tile, L, last + 1, L, c, ir * ldc + wide, ldc, store);
            }
        }
    }

    /** B's first {@code wide} columns as panels of 2L columns: panel j's row p at (j·k + p)·2L, in this thread's scratch. */
    private static double[] panels(int k, int wide, double[] b, int ldb) {
        double[][] holder = PANELS.get();
        if (holder[0].length < k * wide) holder[0] = new double[k * wide];
        double[] bp = holder[0];
        for (int jr = 0, at = 0; jr < wide; jr += 2 * L)
            for (int p = 0; p < k; p++, at += 2 * L) System.arraycopy(b, p * ldb + jr, bp, at, 2 * L);
        return bp;
    }

    /** The first {@code rows} rows of a tile (rows {@code ld} apart, {@code width} values each) stored over or added to C. */
    private static void copyRows(double[] tile, int ld, int rows, int width, double[] c, int cPos, int ldc, boolean store) {
        for (int t = 0; t < rows; t++)
            for (int v = 0; v < width; v++) {
                int at = cPos + t * ldc + v;
                c[at] = store ? tile[t * ld + v] : c[at] + tile[t * ld + v];
            }
    }

    /** How the six rows of a panel lie in A: any offsets, a run of six, or two runs of three. */
    private static final int SCATTERED = 0, RUN = 1, TRIPLES = 2;

    /**
     * The tile T[0:6, 0:2L] = A(rows r0..r5) · B's panel at bPos, written to {@code tile} (rows 2L apart): per step p,
     * the panel's row p (two vectors) and six broadcast values of A. The twelve accumulators stay in this method (a call
     * that took them would box them); {@link #kernel6x2Run} and {@link #kernel6x2Triples} are the same sums in the same
     * order for rows that lie in runs, read through fewer offsets, which leaves the JIT registers for the accumulators
     * (one loop per method: with the three loops in one, HotSpot spilled three accumulators to the stack).
     */
    private static void kernel6x2(int k, double[] a, int r0, int r1, int r2, int r3, int r4, int r5, int[] kRows,
                                  double[] b, int bPos, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        for (int p = 0; p < k; p++) {
            int q = kRows == null ? p : kRows[p], bi = bPos + p * (2 * L);
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a[r0 + q]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[r1 + q]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[r2 + q]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[r3 + q]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[r4 + q]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[r5 + q]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c10.intoArray(tile, 2 * L); c11.intoArray(tile, 3 * L);
        c20.intoArray(tile, 4 * L); c21.intoArray(tile, 5 * L); c30.intoArray(tile, 6 * L); c31.intoArray(tile, 7 * L);
        c40.intoArray(tile, 8 * L); c41.intoArray(tile, 9 * L); c50.intoArray(tile, 10 * L); c51.intoArray(tile, 11 * L);
    }

    /** {@link #kernel6x2} for rows that are a run, r_t = r0 + t: A(t, p) = a[r0 + kOff(p) + t], one offset. */
    private static void kernel6x2Run(int k, double[] a, int r0, int[] kRows, double[] b, int bPos, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        for (int p = 0; p < k; p++) {
            int u = r0 + (kRows == null ? p : kRows[p]), bi = bPos + p * (2 * L);
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a[u]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[u + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[u + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[u + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[u + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[u + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c10.intoArray(tile, 2 * L); c11.intoArray(tile, 3 * L);
        c20.intoArray(tile, 4 * L); c21.intoArray(tile, 5 * L); c30.intoArray(tile, 6 * L); c31.intoArray(tile, 7 * L);
        c40.intoArray(tile, 8 * L); c41.intoArray(tile, 9 * L); c50.intoArray(tile, 10 * L); c51.intoArray(tile, 11 * L);
    }

    /** {@link #kernel6x2} for two runs of three rows, r0 + t and r3 + t (t &lt; 3): two offsets. */
    private static void kernel6x2Triples(int k, double[] a, int r0, int r3, int[] kRows, double[] b, int bPos, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
        for (int p = 0; p < k; p++) {
            int q = kRows == null ? p : kRows[p], u = r0 + q, v = r3 + q, bi = bPos + p * (2 * L);
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, a[u]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[u + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[u + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[v]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[v + 1]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[v + 2]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c10.intoArray(tile, 2 * L); c11.intoArray(tile, 3 * L);
        c20.intoArray(tile, 4 * L); c21.intoArray(tile, 5 * L); c30.intoArray(tile, 6 * L); c31.intoArray(tile, 7 * L);
        c40.intoArray(tile, 8 * L); c41.intoArray(tile, 9 * L); c50.intoArray(tile, 10 * L); c51.intoArray(tile, 11 * L);
    }

    /** The first {@code rows} rows of a 6 × 2L tile stored over, or added to, C at cPos (rows ldc apart). */
    private static void flush(double[] tile, int rows, double[] c, int cPos, int ldc, boolean store) {
        for (int t = 0; t < rows; t++)
            for (int v = 0; v < 2 * L; v += L) {
                DoubleVector x = DoubleVector.fromArray(S, tile, t * 2 * L + v);
                int at = cPos + t * ldc + v;
                (store ? x : DoubleVector.fromArray(S, c, at).add(x)).intoArray(c, at);
            }
    }

    /** C[0:12, 0:L] (+)= A(rows r0..r11) · B[:, bPos : bPos + L]: one vector of B's row p, twelve broadcast values of A. */
    private static void kernel12x1(int k, double[] a, int r0, int r1, int r2, int r3, int r4, int r5, int r6, int r7, int r8,
                                   int r9, int r10, int r11, int[] kRows, double[] b, int bPos, int ldb, double[] c, int cPos,
                                   int ldc, boolean store) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = DoubleVector.zero(S), c2 = DoubleVector.zero(S), c3 = DoubleVector.zero(S);
        DoubleVector c4 = DoubleVector.zero(S), c5 = DoubleVector.zero(S), c6 = DoubleVector.zero(S), c7 = DoubleVector.zero(S);
        DoubleVector c8 = DoubleVector.zero(S), c9 = DoubleVector.zero(S), c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        for (int p = 0; p < k; p++) {
            int q = kRows == null ? p : kRows[p];
            DoubleVector y = DoubleVector.fromArray(S, b, bPos + p * ldb);
            c0 = DoubleVector.broadcast(S, a[r0 + q]).fma(y, c0);
            c1 = DoubleVector.broadcast(S, a[r1 + q]).fma(y, c1);
            c2 = DoubleVector.broadcast(S, a[r2 + q]).fma(y, c2);
            c3 = DoubleVector.broadcast(S, a[r3 + q]).fma(y, c3);
            c4 = DoubleVector.broadcast(S, a[r4 + q]).fma(y, c4);
            c5 = DoubleVector.broadcast(S, a[r5 + q]).fma(y, c5);
            c6 = DoubleVector.broadcast(S, a[r6 + q]).fma(y, c6);
            c7 = DoubleVector.broadcast(S, a[r7 + q]).fma(y, c7);
            c8 = DoubleVector.broadcast(S, a[r8 + q]).fma(y, c8);
            c9 = DoubleVector.broadcast(S, a[r9 + q]).fma(y, c9);
            c10 = DoubleVector.broadcast(S, a[r10 + q]).fma(y, c10);
            c11 = DoubleVector.broadcast(S, a[r11 + q]).fma(y, c11);
        }
        int p = cPos;
        if (store) {
            c0.intoArray(c, p); c1.intoArray(c, p += ldc); c2.intoArray(c, p += ldc); c3.intoArray(c, p += ldc);
            c4.intoArray(c, p += ldc); c5.intoArray(c, p += ldc); c6.intoArray(c, p += ldc); c7.intoArray(c, p += ldc);
            c8.intoArray(c, p += ldc); c9.intoArray(c, p += ldc); c10.intoArray(c, p += ldc); c11.intoArray(c, p += ldc);
        } else {
            DoubleVector.fromArray(S, c, p).add(c0).intoArray(c, p); p += ldc;
            DoubleVector.fromArray(S, c, p).add(c1).intoArray(c, p); p += ldc;
            DoubleVector.fromArray(S, c, p).add(c2).intoArray(c, p); p += ldc;
            DoubleVector.fromArray(S, c, p).add(c3).intoArray(c, p); p += ldc;
            DoubleVector.fromArray(S, c, p).add(c4).intoArray(c, p); p += ldc;
            DoubleVector.fromArray(S, c, p).add(c5).intoArray(c, p); p += ldc;
            DoubleVector.fromArray(S, c, p).add(c6).intoArray(c, p); p += ldc;
            DoubleVector.fromArray(S, c, p).add(c7).intoArray(c, p); p += ldc;
            DoubleVector.fromArray(S, c, p).add(c8).intoArray(c, p); p += ldc;
            DoubleVector.fromArray(S, c, p).add(c9).intoArray(c, p); p += ldc;
            DoubleVector.fromArray(S, c, p).add(c10).intoArray(c, p); p += ldc;
            DoubleVector.fromArray(S, c, p).add(c11).intoArray(c, p);
        }
    }
}
