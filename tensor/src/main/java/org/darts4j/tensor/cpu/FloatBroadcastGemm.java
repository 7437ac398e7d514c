package org.darts4j.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C[t, v] (+)= Σ_{p &lt; k} A(t, p) · B[p, v], where A is read where it lies, through offsets:
 * <pre>
 *   A(t, p) = a[aRows[t] + kOff(p)],   kOff(p) = kRows[p] with a table, else p,
 * </pre>
 * and B (k × n) and C (m × n) are row-major with n a whole number of vectors. Each value of A is broadcast to a vector and
 * multiplies a row of B: a convolution's output pixels as the rows t and its output channels as the vector lanes v
 * ({@link FloatPixelConv}), so that neither the image nor its shifted copies are ever packed, and any set of pixels (the
 * valid ones only, at any stride) can be the rows. Panels of 6 rows by two vectors (twelve accumulators), a last single
 * vector by panels of 12 rows; a panel's missing rows repeat its last one, computed and not stored.
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatBroadcastGemm only. TWIN-NOTE
 */
final class FloatBroadcastGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** The vector length: n must be a multiple of it. */
    static final int L = S.length();

    private FloatBroadcastGemm() {}

    /** n rounded up to whole vectors. */
    static int padded(int n) { return (n + L - 1) / L * L; }

    /**
     * C (+)= A · B for rows [0, m) of C, all n columns: stored over C when {@code store}, else added to it (the sums of
     * each element run over p in order, in one lane).
     */
    static void multiply(int m, int n, int k, float[] a, int[] aRows, int[] kRows, float[] b, int ldb, float[] c, int ldc, boolean store) {
        float[] tile = new float[12 * 2 * L];
        int wide = n - n % (2 * L);
        for (int ir = 0; ir < m; ir += 6) {
            int mr = Math.min(6, m - ir);
            int r0 = aRows[ir], r1 = aRows[ir + Math.min(1, mr - 1)], r2 = aRows[ir + Math.min(2, mr - 1)],
                    r3 = aRows[ir + Math.min(3, mr - 1)], r4 = aRows[ir + Math.min(4, mr - 1)], r5 = aRows[ir + mr - 1];
            for (int jr = 0; jr < wide; jr += 2 * L) {
                if (mr == 6) kernel6x2(k, a, r0, r1, r2, r3, r4, r5, kRows, b, jr, ldb, c, ir * ldc + jr, ldc, store);
                else {
                    kernel6x2(k, a, r0, r1, r2, r3, r4, r5, kRows, b, jr, ldb, tile, 0, 2 * L, true);
                    copyRows(tile, 2 * L, mr, 2 * L, c, ir * ldc + jr, ldc, store);
                }
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

    /** The first {@code rows} rows of a tile (rows {@code ld} apart, {@code width} values each) stored over or added to C. */
    private static void copyRows(float[] tile, int ld, int rows, int width, float[] c, int cPos, int ldc, boolean store) {
        for (int t = 0; t < rows; t++)
            for (int v = 0; v < width; v++) {
                int at = cPos + t * ldc + v;
                c[at] = store ? tile[t * ld + v] : c[at] + tile[t * ld + v];
            }
    }

    /**
     * C[0:6, 0:2L] (+)= A(rows r0..r5) · B[:, bPos : bPos + 2L]: per step p, two vectors of B's row p and six
     * broadcast values of A. (The rows are added here, not in a helper: see {@link FloatGemm}'s kernel.)
     */
    private static void kernel6x2(int k, float[] a, int r0, int r1, int r2, int r3, int r4, int r5, int[] kRows,
                                  float[] b, int bPos, int ldb, float[] c, int cPos, int ldc, boolean store) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int q = kRows == null ? p : kRows[p], bi = bPos + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[r0 + q]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[r1 + q]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[r2 + q]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[r3 + q]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[r4 + q]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[r5 + q]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        int p0 = cPos, p1 = p0 + ldc, p2 = p1 + ldc, p3 = p2 + ldc, p4 = p3 + ldc, p5 = p4 + ldc;
        if (store) {
            c00.intoArray(c, p0); c01.intoArray(c, p0 + L);
            c10.intoArray(c, p1); c11.intoArray(c, p1 + L);
            c20.intoArray(c, p2); c21.intoArray(c, p2 + L);
            c30.intoArray(c, p3); c31.intoArray(c, p3 + L);
            c40.intoArray(c, p4); c41.intoArray(c, p4 + L);
            c50.intoArray(c, p5); c51.intoArray(c, p5 + L);
        } else {
            FloatVector.fromArray(S, c, p0).add(c00).intoArray(c, p0); FloatVector.fromArray(S, c, p0 + L).add(c01).intoArray(c, p0 + L);
            FloatVector.fromArray(S, c, p1).add(c10).intoArray(c, p1); FloatVector.fromArray(S, c, p1 + L).add(c11).intoArray(c, p1 + L);
            FloatVector.fromArray(S, c, p2).add(c20).intoArray(c, p2); FloatVector.fromArray(S, c, p2 + L).add(c21).intoArray(c, p2 + L);
            FloatVector.fromArray(S, c, p3).add(c30).intoArray(c, p3); FloatVector.fromArray(S, c, p3 + L).add(c31).intoArray(c, p3 + L);
            FloatVector.fromArray(S, c, p4).add(c40).intoArray(c, p4); FloatVector.fromArray(S, c, p4 + L).add(c41).intoArray(c, p4 + L);
            FloatVector.fromArray(S, c, p5).add(c50).intoArray(c, p5); FloatVector.fromArray(S, c, p5 + L).add(c51).intoArray(c, p5 + L);
        }
    }

    /** C[0:12, 0:L] (+)= A(rows r0..r11) · B[:, bPos : bPos + L]: one vector of B's row p, twelve broadcast values of A. */
    private static void kernel12x1(int k, float[] a, int r0, int r1, int r2, int r3, int r4, int r5, int r6, int r7, int r8,
                                   int r9, int r10, int r11, int[] kRows, float[] b, int bPos, int ldb, float[] c, int cPos,
                                   int ldc, boolean store) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        FloatVector c8 = FloatVector.zero(S), c9 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int q = kRows == null ? p : kRows[p];
            FloatVector y = FloatVector.fromArray(S, b, bPos + p * ldb);
            c0 = FloatVector.broadcast(S, a[r0 + q]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[r1 + q]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[r2 + q]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[r3 + q]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[r4 + q]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[r5 + q]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[r6 + q]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[r7 + q]).fma(y, c7);
            c8 = FloatVector.broadcast(S, a[r8 + q]).fma(y, c8);
            c9 = FloatVector.broadcast(S, a[r9 + q]).fma(y, c9);
            c10 = FloatVector.broadcast(S, a[r10 + q]).fma(y, c10);
            c11 = FloatVector.broadcast(S, a[r11 + q]).fma(y, c11);
        }
        int p = cPos;
        if (store) {
            c0.intoArray(c, p); c1.intoArray(c, p += ldc); c2.intoArray(c, p += ldc); c3.intoArray(c, p += ldc);
            c4.intoArray(c, p += ldc); c5.intoArray(c, p += ldc); c6.intoArray(c, p += ldc); c7.intoArray(c, p += ldc);
            c8.intoArray(c, p += ldc); c9.intoArray(c, p += ldc); c10.intoArray(c, p += ldc); c11.intoArray(c, p += ldc);
        } else {
            FloatVector.fromArray(S, c, p).add(c0).intoArray(c, p); p += ldc;
            FloatVector.fromArray(S, c, p).add(c1).intoArray(c, p); p += ldc;
            FloatVector.fromArray(S, c, p).add(c2).intoArray(c, p); p += ldc;
            FloatVector.fromArray(S, c, p).add(c3).intoArray(c, p); p += ldc;
            FloatVector.fromArray(S, c, p).add(c4).intoArray(c, p); p += ldc;
            FloatVector.fromArray(S, c, p).add(c5).intoArray(c, p); p += ldc;
            FloatVector.fromArray(S, c, p).add(c6).intoArray(c, p); p += ldc;
            FloatVector.fromArray(S, c, p).add(c7).intoArray(c, p); p += ldc;
            FloatVector.fromArray(S, c, p).add(c8).intoArray(c, p); p += ldc;
            FloatVector.fromArray(S, c, p).add(c9).intoArray(c, p); p += ldc;
            FloatVector.fromArray(S, c, p).add(c10).intoArray(c, p); p += ldc;
            FloatVector.fromArray(S, c, p).add(c11).intoArray(c, p);
        }
    }
}
