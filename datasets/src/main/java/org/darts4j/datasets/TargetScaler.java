package org.darts4j.datasets;

/**
 * Standardisation of regression targets, {@code z = (y − μ) / σ} per target, fitted on the training split; its
 * inverse turns predictions back into the data's units for reporting.
 */
public final class TargetScaler {
    private final float[] mean, std;

    public TargetScaler(float[] mean, float[] std) {
        if (mean.length != std.length) throw new IllegalArgumentException("target scaler: " + mean.length + " means but " + std.length + " deviations");
        for (int i = 0; i < std.length; i++)
            if (!(std[i] > 0)) throw new IllegalArgumentException("target scaler: standard deviation of target " + i + " is " + std[i] + ", expected > 0");
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Fits μ and σ (population) on every example of a regression data set. */
    public static TargetScaler fit(Dataset train) {
        if (train.task().isClassification()) throw new IllegalArgumentException("target scaler: " + train.name() + " is a classification data set");
        int k = train.task().outputs();
        double[] s = new double[k], q = new double[k];
        float[] t = new float[k];
        for (int i = 0; i < train.size(); i++) {
            train.readTarget(i, t, 0);
            for (int j = 0; j < k; j++) { s[j] += t[j]; q[j] += (double) t[j] * t[j]; }
        }
        float[] mean = new float[k], std = new float[k];
        for (int j = 0; j < k; j++) {
            double m = s[j] / train.size();
            mean[j] = (float) m;
            std[j] = (float) Math.sqrt(Math.max(q[j] / train.size() - m * m, 0));
            if (std[j] == 0) std[j] = 1;
        }
        return new TargetScaler(mean, std);
    }

    public int outputs() { return mean.length; }

    public float[] mean() { return mean.clone(); }

    public float[] std() { return std.clone(); }

    /** Standardises {@code count} target vectors in place. */
    public void transform(float[] y, int offset, int count) {
        for (int i = 0; i < count; i++)
            for (int j = 0; j < mean.length; j++) {
                int at = offset + i * mean.length + j;
                y[at] = (y[at] - mean[j]) / std[j];
            }
    }

    /** Back to the data's units, in place. */
    public void inverse(float[] z, int offset, int count) {
        for (int i = 0; i < count; i++)
            for (int j = 0; j < mean.length; j++) {
                int at = offset + i * mean.length + j;
                z[at] = z[at] * std[j] + mean[j];
            }
    }
}
