package org.darts4j.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalisation over contiguous NCHW data, one channel per task (so each channel's sums are taken in one fixed
 * order whatever the thread count): statistics, the per-channel affine map, and the backward pass. Per-channel
 * values are double and sums are accumulated in double: on a JVM with the Vector API, each row's sums run in vector
 * lanes over blocks of at most 64 vectors, and each block's lanes are then added into the double sum ({@link Lanes}).
 * The float64 twin is generated from the float32 template by tensor/gen-double.sh: edit FloatNorm only. TWIN-NOTE
 */
final class DoubleNorm {
    private DoubleNorm() {}

    /** mean[c] and biased var[c] over N, H and W (two passes: the mean, then the centred squares). */
    static void statistics(double[] x, int n, int c, int hw, double[] mean, double[] var) {
        long m = (long) n * hw;
        Parallel.range(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += Gemm.VECTORIZED ? Lanes.sum(x, (i * c + ch) * hw, hw) : DoubleKernels.sum(x, (i * c + ch) * hw, hw);
                double mu = s / m, q = 0;
                for (int i = 0; i < n; i++)
                    q += Gemm.VECTORIZED ? Lanes.centredSquares(x, (i * c + ch) * hw, hw, mu) : centredSquares(x, (i * c + ch) * hw, hw, mu);
                mean[ch] = mu;
                var[ch] = q / m;
            }
        });
    }

    // Four partial sums in a fixed order, as DoubleKernels.sum: one chain of dependent double additions was a quarter of
    // the speed.

    /** Σ_k (x[o + k] − mu)², k &lt; len. */
    private static double centredSquares(double[] x, int o, int len, double mu) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            double d0 = x[o + k] - mu, d1 = x[o + k + 1] - mu, d2 = x[o + k + 2] - mu, d3 = x[o + k + 3] - mu;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; k < len; k++) {
            double d = x[o + k] - mu;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ_k g[o + k]·(x[o + k] − mu), k &lt; len. */
    private static double centredProducts(double[] g, double[] x, int o, int len, double mu) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            s0 += g[o + k] * (x[o + k] - mu);
            s1 += g[o + k + 1] * (x[o + k + 1] - mu);
            s2 += g[o + k + 2] * (x[o + k + 2] - mu);
            s3 += g[o + k + 3] * (x[o + k + 3] - mu);
        }
        for (; k < len; k++) s0 += g[o + k] * (x[o + k] - mu);
        return (s0 + s1) + (s2 + s3);
    }

    /** y = x·scale[c] + shift[c]. */
    static void affine(double[] x, double[] y, int n, int c, int hw, double[] scale, double[] shift) {
        Parallel.range(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double a = (double) scale[ch], b = (double) shift[ch];
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
    static void backward(double[] g, double[] x, double[] gx, int n, int c, int hw, double[] mean, double[] invstd, double[] gamma,
                         boolean training, double[] sumG, double[] sumGXhat) {
        long m = (long) n * hw;
        Parallel.range(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double mu = mean[ch], is = invstd[ch], sg = 0, sgx = 0;
                for (int i = 0; i < n; i++) {
                    int o = (i * c + ch) * hw;
                    sg += Gemm.VECTORIZED ? Lanes.sum(g, o, hw) : DoubleKernels.sum(g, o, hw);
                    sgx += Gemm.VECTORIZED ? Lanes.centredProducts(g, x, o, hw, mu) : centredProducts(g, x, o, hw, mu);
                }
                sgx *= is;
                sumG[ch] = sg;
                sumGXhat[ch] = sgx;
                if (gx == null) continue;
                double gi = (gamma == null ? 1 : gamma[ch]) * is;
                if (training) {
                    // gx = gi·g − gi·sg/m − gi·is·sgx/m·(x − mu) = a·g + b·(x − mu) + d
                    double a = (double) gi, b = (double) (-gi * is * sgx / m), d = (double) (-gi * sg / m), muf = (double) mu;
                    for (int i = 0; i < n; i++) {
                        int base = (i * c + ch) * hw;
                        for (int k = 0; k < hw; k++) gx[base + k] = a * g[base + k] + b * (x[base + k] - muf) + d;
                    }
                } else {
                    double a = (double) gi;
                    for (int i = 0; i < n; i++) {
                        int base = (i * c + ch) * hw;
                        for (int k = 0; k < hw; k++) gx[base + k] = a * g[base + k];
                    }
                }
            }
        });
    }

    /**
     * The row sums of the statistics and the backward pass on vectors (a nested class, so that the vector classes load
     * only on a JVM that has them): lanes accumulate over blocks of at most {@code BLOCK} elements, each block's lanes are
     * added into the double sum, the row's tail element by element.
     */
    private static final class Lanes {
        private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
        private static final int L = S.length();
        private static final int BLOCK = 64 * L;

        /** Σ_k x[o + k], k &lt; len. */
        static double sum(double[] x, int o, int len) {
            int vecEnd = len - len % L;
            double total = 0;
            for (int b = 0; b < vecEnd; b += BLOCK) {
                int e = Math.min(vecEnd, b + BLOCK);
                DoubleVector acc = DoubleVector.zero(S);
                for (int k = b; k < e; k += L) acc = acc.add(DoubleVector.fromArray(S, x, o + k));
                total += acc.reduceLanes(VectorOperators.ADD);
            }
            for (int k = vecEnd; k < len; k++) total += x[o + k];
            return total;
        }

        /** Σ_k (x[o + k] − mu)², k &lt; len. */
        static double centredSquares(double[] x, int o, int len, double mu) {
            int vecEnd = len - len % L;
            DoubleVector m = DoubleVector.broadcast(S, (double) mu);
            double total = 0;
            for (int b = 0; b < vecEnd; b += BLOCK) {
                int e = Math.min(vecEnd, b + BLOCK);
                DoubleVector acc = DoubleVector.zero(S);
                for (int k = b; k < e; k += L) {
                    DoubleVector d = DoubleVector.fromArray(S, x, o + k).sub(m);
                    acc = d.fma(d, acc);
                }
                total += acc.reduceLanes(VectorOperators.ADD);
            }
            for (int k = vecEnd; k < len; k++) {
                double d = x[o + k] - mu;
                total += d * d;
            }
            return total;
        }

        /** Σ_k g[o + k]·(x[o + k] − mu), k &lt; len. */
        static double centredProducts(double[] g, double[] x, int o, int len, double mu) {
            int vecEnd = len - len % L;
            DoubleVector m = DoubleVector.broadcast(S, (double) mu);
            double total = 0;
            for (int b = 0; b < vecEnd; b += BLOCK) {
                int e = Math.min(vecEnd, b + BLOCK);
                DoubleVector acc = DoubleVector.zero(S);
                for (int k = b; k < e; k += L) acc = DoubleVector.fromArray(S, g, o + k).fma(DoubleVector.fromArray(S, x, o + k).sub(m), acc);
                total += acc.reduceLanes(VectorOperators.ADD);
            }
            for (int k = vecEnd; k < len; k++) total += g[o + k] * (x[o + k] - mu);
            return total;
        }
    }
}
