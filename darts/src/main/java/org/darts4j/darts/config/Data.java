package org.darts4j.darts.config;

import java.nio.file.Path;
import java.util.List;
import org.darts4j.darts.run.Ranges;
import org.darts4j.datasets.kirigami.KirigamiView;
import org.darts4j.datasets.source.DataOptions;

/**
 * The data a run reads: a data set's name ({@code fashion-mnist}, {@code cifar10}, {@code kirigami-synthetic}, {@code
 * npz:FILE}, …), the only folder looked in (null: the usual places), the first {@code trainSubset} examples of the
 * shuffled training split (0: all); for kirigami data the image view, the regression targets (empty: the data set's
 * default), the share of the rows that form the training split, and the rows of the synthetic set.
 */
public record Data(String dataset, String dataDir, int trainSubset, KirigamiView view, List<String> targets, double trainFraction, int syntheticRows) {
    public static final double DEFAULT_TRAIN_FRACTION = 0.8;
    public static final int DEFAULT_SYNTHETIC_ROWS = 2000;

    public Data {
        if (dataset == null || dataset.isBlank()) throw new IllegalArgumentException("--dataset: a data set is needed (fashion-mnist, cifar10, kirigami-synthetic, npz:FILE, …)");
        Ranges.atLeast("--train-subset (0: all)", trainSubset, 0);
        view = view == null ? KirigamiView.FINE_PADDED : view;
        targets = targets == null ? List.of() : List.copyOf(targets);
        Ranges.inOpen("--train-fraction", trainFraction, 0, 1);
        Ranges.atLeast("--synthetic-rows", syntheticRows, 1);
    }

    /** {@code dataset}, all of its training split, the padded kirigami view, the default targets, fraction and rows. */
    public static Data of(String dataset) {
        return new Data(dataset, null, 0, KirigamiView.FINE_PADDED, List.of(), DEFAULT_TRAIN_FRACTION, DEFAULT_SYNTHETIC_ROWS);
    }

    public Data withTrainSubset(int n) { return new Data(dataset, dataDir, n, view, targets, trainFraction, syntheticRows); }

    public Data withDataDir(String dir) { return new Data(dataset, dir, trainSubset, view, targets, trainFraction, syntheticRows); }

    /** What the data sets' loaders take, for {@code split} ({@code train} or {@code test}); {@code seed} draws the synthetic rows. */
    public DataOptions options(String split, long seed) {
        return new DataOptions(dataDir == null ? null : Path.of(dataDir), split, view, targets, trainFraction, syntheticRows, seed);
    }
}
