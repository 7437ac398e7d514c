package org.darts4j.tensor.cpu;

/**
 * General matrix multiplication {@code C = op(A) · op(B)} (or {@code C +=} when accumulating) on row-major arrays,
 * where op transposes when asked. Large products use the packed Vector API kernels ({@link FloatGemm},
 * {@link DoubleGemm}); small or skinny ones, and JVMs without {@code jdk.incubator.vector}, use the plain loop
 * {@link #reference}, which is also the reference the fast kernels are tested against.
 */
public final class Gemm {
    private Gemm() {}

    /** Whether the Vector API kernels are in use. */
    public static final boolean VECTORIZED = probeVectorApi();

    private static boolean probeVectorApi() {
        if (Boolean.getBoolean("darts4j.noVector")) return false;
        try {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
            float[] c = new float[FloatGemm.MR * FloatGemm.NR];
            FloatGemm.gemm(false, false, 1, 0, 1, 1, new float[] {2f}, 0, 1, new float[] {3f}, 0, 1, null, c, 0, 1, true);
            return c[0] == 6f;
        } catch (Throwable t) {
            return false;
        }
    }

    private static boolean small(boolean tb, int m, int n, int k) {
        return (long) m * n * k <= 8192 || (!tb && (m <= 2 || k <= 4));
    }

    /** Float32: C[m,n] (+)= op(A)[m,k] · op(B)[k,n]. */
    public static void sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate, boolean parallel) {
        boolean fast = VECTORIZED && !small(tb, m, n, k) && k > 0;
        if (!accumulate && !fast) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        if (m == 0 || n == 0 || k == 0) return;
        if (!fast) {
            reference(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        if (parallel && (long) m * n * k >= (1 << 18)) {
            int blocks = (n + FloatGemm.NR - 1) / FloatGemm.NR;
            Parallel.range(blocks, 1, (from, to) -> FloatGemm.gemm(ta, tb, m, from * FloatGemm.NR,
                    Math.min(n, to * FloatGemm.NR), k, a, aOff, lda, b, bOff, ldb, null, c, cOff, ldc, !accumulate));
        } else {
            FloatGemm.gemm(ta, tb, m, 0, n, k, a, aOff, lda, b, bOff, ldb, null, c, cOff, ldc, !accumulate);
        }
    }

    /** Float64: C[m,n] (+)= op(A)[m,k] · op(B)[k,n]. */
    public static void dgemm(boolean ta, boolean tb, int m, int n, int k, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate, boolean parallel) {
        boolean fast = VECTORIZED && !small(tb, m, n, k) && k > 0;
        if (!accumulate && !fast) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
        if (m == 0 || n == 0 || k == 0) return;
        if (!fast) {
            reference(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        if (parallel && (long) m * n * k >= (1 << 18)) {
            int blocks = (n + DoubleGemm.NR - 1) / DoubleGemm.NR;
            Parallel.range(blocks, 1, (from, to) -> DoubleGemm.gemm(ta, tb, m, from * DoubleGemm.NR,
                    Math.min(n, to * DoubleGemm.NR), k, a, aOff, lda, b, bOff, ldb, null, c, cOff, ldc, !accumulate));
        } else {
            DoubleGemm.gemm(ta, tb, m, 0, n, k, a, aOff, lda, b, bOff, ldb, null, c, cOff, ldc, !accumulate);
        }
    }

    /** The plain triple loop, C += op(A) op(B), i-p-j order so that the inner loop runs along rows. */
    static void reference(boolean ta, boolean tb, int m, int n, int k, float[] a, int aOff, int lda,
                          float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                float av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (!tb) {
                    int bi = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bi + j];
                } else {
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bOff + j * ldb + p];
                }
            }
        }
    }

    static void reference(boolean ta, boolean tb, int m, int n, int k, double[] a, int aOff, int lda,
                          double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (!tb) {
                    int bi = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bi + j];
                } else {
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bOff + j * ldb + p];
                }
            }
        }
    }
}
