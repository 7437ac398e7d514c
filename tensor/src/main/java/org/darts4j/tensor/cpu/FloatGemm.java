package org.darts4j.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM, {@code C (+)= op(A) · op(B)}, packed and cache-blocked in the GotoBLAS way with a register-blocked
 * micro-kernel of MR rows by two vectors of the Vector API.
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatGemm only. TWIN-NOTE
 */
final class FloatGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 6;
    static final int NR = 2 * L;
    private static final int KC = 256;
    private static final int MC = 16 * MR;
    private static final int NC = 64 * NR;

    private FloatGemm() {}

    /** Per-thread packing buffers, reused across calls. */
    private static final ThreadLocal<float[][]> BUFFERS =
            ThreadLocal.withInitial(() -> new float[][] {new float[KC * (MC + MR)], new float[KC * NC], new float[MR * NR]});

    /**
     * The height of the row panel that starts {@code rem} rows before the end of a block: 6, or 4 where the rest is 4 or
     * 8, so that every even row count from 4 up (16, 32, 64 output channels...) is covered by whole panels of 6 and 4
     * and only odd counts and 2 leave a partial panel for the zero-padded tile.
     */
    private static int panelRows(int rem) { return rem == 4 || rem == 8 ? 4 : Math.min(MR, rem); }

    /**
     * Computes columns [j0, j1) of C: overwritten when {@code overwrite} (β = 0: C is neither cleared nor read
     * first; the first block of k stores its sums), else added onto what C holds. B as stored has rows ldb apart from
     * bOff on, or, when {@code bRows} is given, row r at {@code bRows[r]} (an implicit matrix: the shifted views of a
     * padded image that a stride-1 convolution multiplies, see {@link FloatConv}). When B is not transposed its rows
     * are k-major with unit column stride, so whole panels of NR columns are read in place and only a last, narrower
     * panel is packed: for the 1x1 convolutions of DARTS (k = the channel count, a few dozen; n = the pixels) packing B
     * would copy as much memory as the product reads.
     */
    static void gemm(boolean ta, boolean tb, int m, int j0, int j1, int k, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, int[] bRows, float[] c, int cOff, int ldc, boolean overwrite) {
        gemm(tb, m, j0, j1, k, ta, a, aOff, lda, null, b, bOff, ldb, bRows, c, cOff, ldc, overwrite);
    }

    /**
     * op(A) packed once for many products with the same A (a convolution's weights, one product per image): every
     * block of k (KC) and of rows (MC) in the panels {@link #gemm} would pack, block (pc, ic) at pc·paddedRows + ic·kc.
     */
    static float[] packA(boolean ta, float[] a, int aOff, int lda, int m, int k) {
        int rows = paddedRows(m);
        float[] packed = new float[k * rows];
        float[] block = new float[KC * (MC + MR)];
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int ic = 0; ic < m; ic += MC) {
                int mc = Math.min(MC, m - ic);
                packA(ta, a, aOff, lda, ic, mc, pc, kc, block);
                System.arraycopy(block, 0, packed, pc * rows + ic * kc, paddedRows(mc) * kc);
            }
        }
        return packed;
    }

    /** Rows of A once packed: every panel of {@link #panelRows} padded to its height (4 or MR). */
    private static int paddedRows(int m) {
        int rows = 0;
        for (int ic = 0; ic < m; ic += MC)
            for (int ir = 0, mc = Math.min(MC, m - ic), mr; ir < mc; ir += mr) {
                mr = panelRows(mc - ir);
                rows += mr == 4 ? 4 : MR;
            }
        return rows;
    }

    /** C (+)= A · op(B) with A packed by {@link #packA(boolean, float[], int, int, int, int)}. */
    static void gemmPacked(float[] packedA, int m, int j0, int j1, int k, boolean tb,
                           float[] b, int bOff, int ldb, int[] bRows, float[] c, int cOff, int ldc, boolean overwrite) {
        gemm(tb, m, j0, j1, k, false, null, 0, 0, packedA, b, bOff, ldb, bRows, c, cOff, ldc, overwrite);
    }

    private static void gemm(boolean tb, int m, int j0, int j1, int k, boolean ta, float[] a, int aOff, int lda, float[] packedA,
                             float[] b, int bOff, int ldb, int[] bRows, float[] c, int cOff, int ldc, boolean overwrite) {
        if (tb && !ta && packedA == null && k >= NT_MIN_K) { gemmNT(m, j0, j1, k, a, aOff, lda, b, bOff, ldb, bRows, c, cOff, ldc, overwrite); return; }
        int packedRows = packedA == null ? 0 : paddedRows(m);
        float[][] buf = BUFFERS.get();
        float[] ap = buf[0], bp = buf[1], tile = buf[2];
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean store = overwrite && pc == 0;
                if (tb) packB(true, b, bOff, ldb, bRows, pc, kc, jc, nc, bp);
                else if (nc % NR != 0) packB(false, b, bOff, ldb, bRows, pc, kc, jc + nc - nc % NR, nc % NR, bp);   // the last panel only
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    float[] as = ap;
                    int aAt = 0;
                    if (packedA == null) packA(ta, a, aOff, lda, ic, mc, pc, kc, ap);
                    else { as = packedA; aAt = pc * packedRows + ic * kc; }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        // B's panel: packed (row p at jr·kc + p·NR), in place with rows ldb apart, or in place through the
                        // table (row p at bRows[pc + p] + column)
                        float[] bs = bp;
                        int[] bR = null;
                        int bRowAt = 0, bPos = jr * kc, bStride = NR;
                        if (!tb) {
                            if (nr < NR) bPos = 0;
                            else if (bRows != null) { bs = b; bR = bRows; bRowAt = pc; bPos = jc + jr; }
                            else { bs = b; bPos = bOff + pc * ldb + jc + jr; bStride = ldb; }
                        }
                        for (int ir = 0, mr; ir < mc; ir += mr) {
                            mr = panelRows(mc - ir);
                            int cPos = cOff + (ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR) {
                                kernel(kc, as, aAt + ir * kc, bs, bR, bRowAt, bPos, bStride, c, cPos, ldc, store);
                            } else if (mr == 4 && nr == NR) {
                                kernel4(kc, as, aAt + ir * kc, bs, bR, bRowAt, bPos, bStride, c, cPos, ldc, store);
                            } else {
                                if (mr == 4) kernel4(kc, as, aAt + ir * kc, bs, bR, bRowAt, bPos, bStride, tile, 0, NR, true);
                                else kernel(kc, as, aAt + ir * kc, bs, bR, bRowAt, bPos, bStride, tile, 0, NR, true);
                                for (int r = 0; r < mr; r++) {
                                    int row = cPos + r * ldc;
                                    if (store) System.arraycopy(tile, r * NR, c, row, nr);
                                    else for (int q = 0; q < nr; q++) c[row + q] += tile[r * NR + q];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * From this k on, C = A · Bᵀ is computed by {@link #gemmNT}: every element of C costs one reduction of its lanes
     * there, which k/L vector products must outweigh; below it, Bᵀ is packed.
     */
    private static final int NT_MIN_K = 512;
    /** The chunk of k over which {@link #gemmNT} keeps B's three rows in L1 and A's rows in L2. */
    private static final int KC_NT = 4096;

    /**
     * C[i, j] (+)= Σ_p A[i, p] · B[j, p] for the columns [j0, j1) of C (op(A) = A, op(B) = Bᵀ): B's row j at bRows[j],
     * or at bOff + j·ldb without a table. Both operands are read in place along k, nothing is packed: packing Bᵀ writes
     * every value NR apart, and where m is a few dozen (a convolution's weight gradient, k its pixels) that costs as much
     * as the product. Blocks of 3 x 3 dot products in vector lanes over chunks of {@link #KC_NT} values of k; each
     * chunk's lanes are reduced, its scalar tail added, and the sum stored (the first chunk, when {@code overwrite}) or
     * added to C, chunk after chunk: every element's order of summation depends on k alone, not on the block it falls
     * in nor on the columns a thread was given.
     */
    private static void gemmNT(int m, int j0, int j1, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, int[] bRows,
                               float[] c, int cOff, int ldc, boolean overwrite) {
        float[] sums = new float[9];
        for (int pc = 0; pc < k; pc += KC_NT) {
            int kc = Math.min(KC_NT, k - pc);
            boolean store = overwrite && pc == 0;
            for (int jr = j0; jr < j1; jr += 3) {
                int nj = Math.min(3, j1 - jr);
                // a block's missing rows and columns repeat its last one: computed, never stored
                int b0 = bRow(bOff, ldb, bRows, jr) + pc, b1 = bRow(bOff, ldb, bRows, jr + Math.min(1, nj - 1)) + pc,
                        b2 = bRow(bOff, ldb, bRows, jr + nj - 1) + pc;
                for (int ir = 0; ir < m; ir += 3) {
                    int ni = Math.min(3, m - ir);
                    int a0 = aOff + ir * lda + pc, a1 = aOff + (ir + Math.min(1, ni - 1)) * lda + pc, a2 = aOff + (ir + ni - 1) * lda + pc;
                    dots3x3(kc, a, a0, a1, a2, b, b0, b1, b2, sums);
                    for (int r = 0; r < ni; r++)
                        for (int q = 0; q < nj; q++) {
                            int at = cOff + (ir + r) * ldc + jr + q;
                            c[at] = store ? sums[r * 3 + q] : c[at] + sums[r * 3 + q];
                        }
                }
            }
        }
    }

    private static int bRow(int bOff, int ldb, int[] bRows, int j) { return bRows == null ? bOff + j * ldb : bRows[j]; }

    /**
     * sums[3r + q] = Σ_{p < kc} a[a_r + p] · b[b_q + p]: nine vector accumulators over whole vectors, reduced, then the
     * scalar tail. (All in one method: vectors handed to a helper would be boxed, see {@link #kernel}.)
     */
    private static void dots3x3(int kc, float[] a, int a0, int a1, int a2, float[] b, int b0, int b1, int b2, float[] sums) {
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s22 = FloatVector.zero(S);
        int vecEnd = kc - kc % L;
        for (int p = 0; p < vecEnd; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            s00 = x0.fma(y, s00); s10 = x1.fma(y, s10); s20 = x2.fma(y, s20);
            y = FloatVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y, s01); s11 = x1.fma(y, s11); s21 = x2.fma(y, s21);
            y = FloatVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y, s02); s12 = x1.fma(y, s12); s22 = x2.fma(y, s22);
        }
        sums[0] = s00.reduceLanes(VectorOperators.ADD); sums[1] = s01.reduceLanes(VectorOperators.ADD); sums[2] = s02.reduceLanes(VectorOperators.ADD);
        sums[3] = s10.reduceLanes(VectorOperators.ADD); sums[4] = s11.reduceLanes(VectorOperators.ADD); sums[5] = s12.reduceLanes(VectorOperators.ADD);
        sums[6] = s20.reduceLanes(VectorOperators.ADD); sums[7] = s21.reduceLanes(VectorOperators.ADD); sums[8] = s22.reduceLanes(VectorOperators.ADD);
        for (int p = vecEnd; p < kc; p++) {
            float x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], y0 = b[b0 + p], y1 = b[b1 + p], y2 = b[b2 + p];
            sums[0] += x0 * y0; sums[1] += x0 * y1; sums[2] += x0 * y2;
            sums[3] += x1 * y0; sums[4] += x1 * y1; sums[5] += x1 * y2;
            sums[6] += x2 * y0; sums[7] += x2 * y1; sums[8] += x2 * y2;
        }
    }

    /**
     * Packs op(A)[ic:ic+mc, pc:pc+kc] as the row panels of {@link #panelRows}, each stored k-major from row ir·kc on:
     * panels of 4 with 4 values per k, of 6 (and a partial last one, zero-padded) with MR values per k.
     */
    private static void packA(boolean ta, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] ap) {
        for (int ir = 0, mr; ir < mc; ir += mr) {
            mr = panelRows(mc - ir);
            int h = mr == 4 ? 4 : MR;
            int base = ir * kc;
            if (ta) {   // op(A)'s column i is a's row: the panel's rows lie side by side in a's row kk
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * h, src = aOff + (pc + p) * lda + ic + ir;
                    for (int r = 0; r < mr; r++) ap[dst + r] = a[src + r];
                    for (int r = mr; r < h; r++) ap[dst + r] = (float) 0;
                }
            } else {    // one of a's rows at a time, read in order, written h apart
                for (int r = 0; r < h; r++) {
                    int dst = base + r;
                    if (r < mr) {
                        int src = aOff + (ic + ir + r) * lda + pc;
                        for (int p = 0; p < kc; p++) ap[dst + p * h] = a[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) ap[dst + p * h] = (float) 0;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] as panels of NR columns, each stored k-major, zero-padded to NR; stored row r of B
     * starts at {@code bRows[r]}, or at bOff + r·ldb without a table.
     */
    private static void packB(boolean tb, float[] b, int bOff, int ldb, int[] bRows, int pc, int kc, int jc, int nc, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            if (!tb) {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * NR, kk = pc + p;
                    int src = bRows == null ? bOff + kk * ldb : bRows[kk];
                    System.arraycopy(b, src + jc + jr, bp, dst, nr);
                    for (int q = nr; q < NR; q++) bp[dst + q] = (float) 0;
                }
            } else {    // op(B)'s column j is B's row j: read each row in order, write NR apart
                for (int q = 0; q < NR; q++) {
                    int dst = base + q;
                    if (q < nr) {
                        int j = jc + jr + q, src = (bRows == null ? bOff + j * ldb : bRows[j]) + pc;
                        for (int p = 0; p < kc; p++) bp[dst + p * NR] = b[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) bp[dst + p * NR] = (float) 0;
                    }
                }
            }
        }
    }

    /**
     * C[0:MR, 0:NR] (+)= Apanel · Bpanel over kc steps (B's row p at bPos + p·bStride, or at bRows[bRowAt + p] + bPos
     * with a table), twelve vector accumulators;
     * the sums are stored over C when {@code store}, else added to it.
     */
    private static void kernel(int kc, float[] ap, int aPos, float[] bp, int[] bRows, int bRowAt, int bPos, int bStride,
                               float[] c, int cPos, int ldc,
                               boolean store) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bRows == null ? bPos + p * bStride : bRows[bRowAt + p] + bPos, ai = aPos + p * MR;   // the test is loop-invariant
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);     c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]); c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]); c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
        }
        // The rows are added here, not in a helper method: C2 reaches its inlining node budget in this method, a
        // helper taking vectors is then called out of line and every vector is boxed (GBs per search step).
        int p0 = cPos, p1 = cPos + ldc, p2 = p1 + ldc, p3 = p2 + ldc, p4 = p3 + ldc, p5 = p4 + ldc;
        if (store) {   // β = 0, or the zeroed tile
            c00.intoArray(c, p0);
            c01.intoArray(c, p0 + L);
            c10.intoArray(c, p1);
            c11.intoArray(c, p1 + L);
            c20.intoArray(c, p2);
            c21.intoArray(c, p2 + L);
            c30.intoArray(c, p3);
            c31.intoArray(c, p3 + L);
            c40.intoArray(c, p4);
            c41.intoArray(c, p4 + L);
            c50.intoArray(c, p5);
            c51.intoArray(c, p5 + L);
        } else {
            FloatVector.fromArray(S, c, p0).add(c00).intoArray(c, p0);
            FloatVector.fromArray(S, c, p0 + L).add(c01).intoArray(c, p0 + L);
            FloatVector.fromArray(S, c, p1).add(c10).intoArray(c, p1);
            FloatVector.fromArray(S, c, p1 + L).add(c11).intoArray(c, p1 + L);
            FloatVector.fromArray(S, c, p2).add(c20).intoArray(c, p2);
            FloatVector.fromArray(S, c, p2 + L).add(c21).intoArray(c, p2 + L);
            FloatVector.fromArray(S, c, p3).add(c30).intoArray(c, p3);
            FloatVector.fromArray(S, c, p3 + L).add(c31).intoArray(c, p3 + L);
            FloatVector.fromArray(S, c, p4).add(c40).intoArray(c, p4);
            FloatVector.fromArray(S, c, p4 + L).add(c41).intoArray(c, p4 + L);
            FloatVector.fromArray(S, c, p5).add(c50).intoArray(c, p5);
            FloatVector.fromArray(S, c, p5 + L).add(c51).intoArray(c, p5 + L);
        }
    }

    /** C[0:4, 0:NR] (+)= Apanel · Bpanel for a panel of 4 rows (4 values per k), eight vector accumulators. */
    private static void kernel4(int kc, float[] ap, int aPos, float[] bp, int[] bRows, int bRowAt, int bPos, int bStride,
                               float[] c, int cPos, int ldc,
                               boolean store) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bRows == null ? bPos + p * bStride : bRows[bRowAt + p] + bPos, ai = aPos + p * 4;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a;
            a = FloatVector.broadcast(S, ap[ai]);     c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]); c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]); c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]); c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
        }
        int p0 = cPos, p1 = cPos + ldc, p2 = p1 + ldc, p3 = p2 + ldc;   // rows added inline, as in kernel
        if (store) {   // β = 0, or the zeroed tile
            c00.intoArray(c, p0);
            c01.intoArray(c, p0 + L);
            c10.intoArray(c, p1);
            c11.intoArray(c, p1 + L);
            c20.intoArray(c, p2);
            c21.intoArray(c, p2 + L);
            c30.intoArray(c, p3);
            c31.intoArray(c, p3 + L);
        } else {
            FloatVector.fromArray(S, c, p0).add(c00).intoArray(c, p0);
            FloatVector.fromArray(S, c, p0 + L).add(c01).intoArray(c, p0 + L);
            FloatVector.fromArray(S, c, p1).add(c10).intoArray(c, p1);
            FloatVector.fromArray(S, c, p1 + L).add(c11).intoArray(c, p1 + L);
            FloatVector.fromArray(S, c, p2).add(c20).intoArray(c, p2);
            FloatVector.fromArray(S, c, p2 + L).add(c21).intoArray(c, p2 + L);
            FloatVector.fromArray(S, c, p3).add(c30).intoArray(c, p3);
            FloatVector.fromArray(S, c, p3 + L).add(c31).intoArray(c, p3 + L);
        }
    }
}
