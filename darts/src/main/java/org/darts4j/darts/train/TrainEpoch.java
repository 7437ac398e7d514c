package org.darts4j.darts.train;

import org.darts4j.darts.run.EpochRow;
import org.darts4j.darts.run.CsvTable.Format;

/** A row of a training run's {@code metrics.csv}: the columns every run has (validation NaN, an empty field, without a validation set). */
public record TrainEpoch(int epoch, double trainLoss, double trainMetric, double valLoss, double valMetric, @Format("%.6g") double lr,
                         @Format("%.2f") double seconds) implements EpochRow {}
