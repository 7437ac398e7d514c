package org.darts4j.tensor.cpu;

/**
 * Batch normalisation over contiguous NCHW data, one channel per task (so each channel's sums are taken in one fixed
 * order whatever the thread count): statistics, the per-channel affine map, and the backward pass. Per-channel
 * values are double and sums are accumulated in double.
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatNorm only. TWIN-NOTE
 */
final class FloatNorm {
    private FloatNorm() {}

    /** mean[c] and biased var[c] over N, H and W (two passes: the mean, then the centred squares). */
    static void statistics(float[] x, int n, int c, int hw, double[] mean, double[] var) {
        long m = (long) n * hw;
        Parallel.range(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    for (int k = 0; k < hw; k++) s += x[base + k];
                }
                double mu = s / m, q = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    for (int k = 0; k < hw; k++) {
                        double d = x[base + k] - mu;
                        q += d * d;
                    }
                }
                mean[ch] = mu;
                var[ch] = q / m;
            }
        });
    }

    /** y = x·scale[c] + shift[c]. */
    static void affine(float[] x, float[] y, int n, int c, int hw, double[] scale, double[] shift) {
        Parallel.range(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float a = (float) scale[ch], b = (float) shift[ch];
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    for (int k = 0; k < hw; k++) y[base + k] = x[base + k] * a + b;
                }
            }
        });
    }

    /**
     * With x̂ = (x − mean)·invstd and y = γ·x̂ + β: sumG[c] = Σ g (∂/∂β), sumGXhat[c] = Σ g·x̂ (∂/∂γ) and, when gx is not
     * null, ∂/∂x = γ·invstd·(g − sumG/M − x̂·sumGXhat/M) with batch statistics ({@code training}), or γ·invstd·g with
     * fixed ones.
     */
    static void backward(float[] g, float[] x, float[] gx, int n, int c, int hw, double[] mean, double[] invstd, double[] gamma,
                         boolean training, double[] sumG, double[] sumGXhat) {
        long m = (long) n * hw;
        Parallel.range(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double mu = mean[ch], is = invstd[ch], sg = 0, sgx = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    for (int k = 0; k < hw; k++) {
                        double gv = g[base + k];
                        sg += gv;
                        sgx += gv * (x[base + k] - mu);
                    }
                }
                sgx *= is;
                sumG[ch] = sg;
                sumGXhat[ch] = sgx;
                if (gx == null) continue;
                double gi = (gamma == null ? 1 : gamma[ch]) * is;
                if (training) {
                    // gx = gi·g − gi·sg/m − gi·is·sgx/m·(x − mu) = a·g + b·(x − mu) + d
                    float a = (float) gi, b = (float) (-gi * is * sgx / m), d = (float) (-gi * sg / m), muf = (float) mu;
                    for (int i = 0; i < n; i++) {
                        int base = (i * c + ch) * hw;
                        for (int k = 0; k < hw; k++) gx[base + k] = a * g[base + k] + b * (x[base + k] - muf) + d;
                    }
                } else {
                    float a = (float) gi;
                    for (int i = 0; i < n; i++) {
                        int base = (i * c + ch) * hw;
                        for (int k = 0; k < hw; k++) gx[base + k] = a * g[base + k];
                    }
                }
            }
        });
    }
}
