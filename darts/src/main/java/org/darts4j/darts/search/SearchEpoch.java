package org.darts4j.darts.search;

import org.darts4j.darts.run.EpochRow;
import org.darts4j.darts.run.CsvTable.Format;

/**
 * A row of a search's {@code metrics.csv}: the columns of every run, then the skip connections of the normal cell's
 * genotype, the mean entropy of softmax(α) over the edges of both cells (nats; log 8 = 2.079 is uniform), and the
 * dominant eigenvalue λ_max of ∇²_α L_val (NaN, an empty field, unless the search tracks curvature).
 */
public record SearchEpoch(int epoch, double trainLoss, double trainMetric, double valLoss, double valMetric, @Format("%.6g") double lr,
                          @Format("%.2f") double seconds, long normalSkips, double meanAlphaEntropy, @Format("%.6g") double dominantEigenvalue)
        implements EpochRow {}
