package org.darts4j.tensor.cpu;

/**
 * Weighted sums of same-shaped contiguous arrays, y = Σ_k w_k·x_k (null terms left out), and their adjoint in the
 * weights, the inner products ⟨g, x_k⟩ (each taken by one thread in one order, accumulated in double).
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatSum only. TWIN-NOTE
 */
final class FloatSum {
    private FloatSum() {}

    static void weighted(float[][] xs, double[] w, float[] y, int n) {
        Parallel.range(n, 1 << 14, (from, to) -> {
            boolean first = true;
            for (int k = 0; k < xs.length; k++) {
                float[] x = xs[k];
                if (x == null) continue;
                float a = (float) w[k];
                if (first) for (int i = from; i < to; i++) y[i] = a * x[i];
                else for (int i = from; i < to; i++) y[i] += a * x[i];
                first = false;
            }
        });
    }

    static void dots(float[] g, float[][] xs, double[] out, int n) {
        Parallel.range(xs.length, 1, (from, to) -> {
            for (int k = from; k < to; k++) {
                float[] x = xs[k];
                if (x == null) continue;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int i = 0;
                for (; i + 3 < n; i += 4) {
                    s0 += (double) g[i] * x[i];
                    s1 += (double) g[i + 1] * x[i + 1];
                    s2 += (double) g[i + 2] * x[i + 2];
                    s3 += (double) g[i + 3] * x[i + 3];
                }
                for (; i < n; i++) s0 += (double) g[i] * x[i];
                out[k] = (s0 + s1) + (s2 + s3);
            }
        });
    }
}
