package org.darts4j.nn.metrics;

import org.darts4j.tensor.Tensor;

/** Evaluation metrics on predictions and labels or targets, accumulated in double. */
public final class Metrics {
    private Metrics() {}

    /**
     * Top-k accuracy of logits [N, K] against class indices: the share of rows whose class is among the k largest. NaN
     * when a logit is NaN: no class of a NaN row is larger than another, so counting it would call it right.
     */
    public static double topK(Tensor logits, int[] labels, int k) {
        int n = logits.size(0), c = logits.size(1);
        if (labels.length != n) throw new IllegalArgumentException("accuracy: " + labels.length + " labels for logits " + logits.shape());
        double[] z = logits.toDoubleArray();
        int hits = 0;
        for (int i = 0; i < n; i++) {
            double own = z[i * c + labels[i]];
            int above = 0;
            for (int j = 0; j < c; j++) {
                double v = z[i * c + j];
                if (Double.isNaN(v)) return Double.NaN;
                if (v > own || (v == own && j < labels[i])) above++;
            }
            if (above < k) hits++;
        }
        return (double) hits / n;
    }

    public static double accuracy(Tensor logits, int[] labels) { return topK(logits, labels, 1); }

    /** Sums for regression metrics over batches; R² = 1 − SS_res / SS_tot, pooled over every target. */
    public static final class Regression {
        private double sse, sae, sum, sumSq;
        private long count;

        public void add(Tensor predictions, Tensor targets) {
            if (!predictions.shape().equals(targets.shape()))
                throw new IllegalArgumentException("regression metrics: predictions " + predictions.shape() + " and targets " + targets.shape() + " differ");
            double[] p = predictions.toDoubleArray(), t = targets.toDoubleArray();
            for (int i = 0; i < p.length; i++) {
                double e = p[i] - t[i];
                sse += e * e;
                sae += Math.abs(e);
                sum += t[i];
                sumSq += t[i] * t[i];
            }
            count += p.length;
        }

        public double r2() {
            double ssTot = sumSq - sum * sum / count;
            return ssTot > 0 ? 1 - sse / ssTot : Double.NaN;
        }

        public double mae() { return sae / count; }

        public double rmse() { return Math.sqrt(sse / count); }

        public long count() { return count; }
    }
}
