package org.darts4j.darts.run;

/**
 * What every row of a run's {@code metrics.csv} holds: the epoch (from 1), the training loss and metric (accuracy or
 * R²) over the epoch's batches, the validation loss and metric (NaN without a validation set), the learning rate of w
 * and the epoch's seconds. A run's own row record adds its columns after these.
 */
public interface EpochRow {
    int epoch();

    double trainLoss();

    double trainMetric();

    double valLoss();

    double valMetric();

    double lr();

    double seconds();
}
