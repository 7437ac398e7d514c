package org.darts4j.darts.run;

import org.darts4j.datasets.Batch;
import org.darts4j.nn.metrics.Metrics;
import org.darts4j.tensor.Tensor;

/**
 * An epoch's training loss and metric, gathered batch by batch: the mean loss weighted by batch size, and the accuracy
 * (correct examples over examples; a NaN output keeps it NaN) or the R² of the outputs against the batches' targets.
 */
public final class TrainingPass {
    private final boolean classify;
    private final Metrics.Regression regression = new Metrics.Regression();
    private double lossSum, hits;
    private long examples;

    public TrainingPass(boolean classify) { this.classify = classify; }

    /** Adds a batch: its mean loss and the network's outputs on it. */
    public void add(double loss, Tensor outputs, Batch b) {
        lossSum += loss * b.size();
        examples += b.size();
        if (classify) hits += Math.rint(Metrics.accuracy(outputs, b.labels()) * b.size());
        else regression.add(outputs, b.targets());
    }

    public long examples() { return examples; }

    /** The mean training loss so far. */
    public double loss() { return lossSum / examples; }

    /** The training accuracy or R² so far. */
    public double metric() { return classify ? hits / examples : regression.r2(); }
}
