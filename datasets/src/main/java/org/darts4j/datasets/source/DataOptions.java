package org.darts4j.datasets.source;

import java.nio.file.Path;
import java.util.List;
import org.darts4j.datasets.kirigami.KirigamiView;

/**
 * Where to look and what to load: an explicit data folder (or null), the split ({@code train} or {@code test}),
 * and for the kirigami data the image view, the targets, the training fraction and (synthetic only) rows and seed.
 */
public record DataOptions(Path dataDir, String split, KirigamiView view, List<String> targets, double trainFraction,
                          int syntheticRows, long seed) {
    public DataOptions {
        if (!split.equals("train") && !split.equals("test"))
            throw new IllegalArgumentException("unknown split '" + split + "': expected train or test");
    }

    public static DataOptions defaults() {
        return new DataOptions(null, "train", KirigamiView.FINE_PADDED, List.of(), 0.8, 2000, 0);
    }

    public DataOptions withDataDir(Path p) { return new DataOptions(p, split, view, targets, trainFraction, syntheticRows, seed); }

    public DataOptions withSplit(String s) { return new DataOptions(dataDir, s, view, targets, trainFraction, syntheticRows, seed); }

    public DataOptions withView(KirigamiView v) { return new DataOptions(dataDir, split, v, targets, trainFraction, syntheticRows, seed); }

    public DataOptions withTargets(List<String> t) { return new DataOptions(dataDir, split, view, t, trainFraction, syntheticRows, seed); }

    public boolean train() { return split.equals("train"); }
}
