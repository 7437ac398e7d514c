package org.darts4j.darts.conformance;

import org.darts4j.tensor.DType;

/**
 * How closely a result must match, as {@code numpy.allclose}: {@code |got − expected| ≤ atol + rtol·|expected|}.
 * Float64 runs use the case's own tolerances. Float32 runs use {@code rtol = 1e-4} and an absolute floor of
 * {@code 1e-4 · max|expected|} of the array, since float32 cannot hold the float64 reference's small values exactly.
 */
record Tolerance(double rtol, double atol, boolean scaleAtol) {
    static final double FLOAT32_RTOL = 1e-4;

    /**
     * Float32 for an evaluation network: 5e-3 of each array's scale. The auxiliary head's last BatchNorm normalises two
     * values per channel (batch 2, 1x1 maps), some with a batch variance below eps, and PyTorch's own float32 run of the
     * public auxiliary case is 1.25e-3 of an array's scale off its float64 run.
     */
    static final double FLOAT32_NETWORK_RTOL = 5e-3;

    /**
     * Float32 for a search trajectory (its first step only): 1e-3 of each array's scale. After Adam's first step α
     * differs in float32 by up to 2.2e-4 of its scale in PyTorch itself (5.4e-4 here), since the step is nearly ±lr
     * for entries whose gradient is near zero.
     */
    static final double FLOAT32_TRAJECTORY_RTOL = 1e-3;

    static Tolerance of(DType dtype, double caseRtol, double caseAtol) { return of(dtype, caseRtol, caseAtol, FLOAT32_RTOL); }

    /** The case's own tolerances in float64; in float32 rtol = {@code float32} and atol = {@code float32}·max|expected|. */
    static Tolerance of(DType dtype, double caseRtol, double caseAtol, double float32) {
        return dtype == DType.FLOAT64 ? new Tolerance(caseRtol, caseAtol, false) : new Tolerance(float32, float32, true);
    }

    /** The largest absolute error, and the index of the first element outside the tolerance (-1 when none is). */
    Comparison compare(double[] got, double[] expected) {
        double scale = 0;
        if (scaleAtol) for (double e : expected) scale = Math.max(scale, Math.abs(e));
        double a = scaleAtol ? atol * scale : atol;
        double worst = 0;
        int bad = -1;
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs(got[i] - expected[i]);
            if (Double.isNaN(err)) err = Double.POSITIVE_INFINITY;
            worst = Math.max(worst, err);
            if (bad < 0 && !(err <= a + rtol * Math.abs(expected[i]))) bad = i;
        }
        return new Comparison(worst, bad);
    }

    record Comparison(double maxError, int firstBad) {}
}
