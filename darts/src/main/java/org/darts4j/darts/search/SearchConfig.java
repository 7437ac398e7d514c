package org.darts4j.darts.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.darts4j.darts.config.Adam;
import org.darts4j.darts.config.ConfigJson;
import org.darts4j.darts.config.Data;
import org.darts4j.darts.config.LrSchedule;
import org.darts4j.darts.config.Sgd;
import org.darts4j.darts.curvature.EarlyStopping;
import org.darts4j.darts.hypergradient.HypergradientEstimator;
import org.darts4j.darts.hypergradient.Hypergradients;
import org.darts4j.darts.run.Ranges;
import org.darts4j.darts.search.method.SearchMethod;
import org.darts4j.datasets.kirigami.KirigamiView;
import org.darts4j.tensor.DType;

/**
 * A DARTS search, as the reference runs it: the training split halved ({@code trainPortion} 0.5) into the data for w
 * (L_train) and for α (L_val); SGD for w (lr 0.025 cosine-annealed to 0.001, momentum 0.9, weight decay 3e-4, gradient
 * clipping 5); Adam for α (lr 3e-4, betas (0.5, 0.999), weight decay 1e-3); the architecture step before the weight
 * step. {@link #paper()} has the paper's sizes; {@link #small()} (the default) is sized to finish in minutes on two
 * cores. From Java:
 * <pre>  SearchConfig c = SearchConfig.small().withEpochs(1).withHypergradient(Hypergradients.exact());</pre>
 *
 * @param data          what is searched on
 * @param trainPortion  the share of it that trains w (L_train); the rest trains α (L_val)
 * @param supernet      the search network: C channels, its cells, α's initialisation
 * @param method        DARTS, PC-DARTS or GDAS
 * @param warmupEpochs  epochs that train w only, α frozen, before the search proper
 * @param w             the weight optimiser, with its learning-rate {@code schedule}
 * @param alpha         the architecture optimiser
 * @param hypergradient how dL_val/dα is estimated
 * @param trackCurvature the dominant eigenvalue of ∇²_α L_val after every epoch
 * @param earlyStop     DARTS-ES (null: none); it tracks the curvature
 * @param threads       CPU threads (0: all cores)
 */
public record SearchConfig(
        Data data, double trainPortion, int batchSize, int epochs, Supernet supernet, SearchMethod method, int warmupEpochs,
        Sgd w, LrSchedule schedule, Adam alpha, HypergradientEstimator hypergradient, boolean trackCurvature, EarlyStopping earlyStop,
        long seed, int threads, DType dtype) {

    /** The search network: C initial channels, {@code layers} cells, α initialised to zeros (the paper) or 1e-3 x normal (the code). */
    public record Supernet(int c, int layers, boolean zeroAlphas) {
        public Supernet {
            Ranges.atLeast("--channels", c, 1);
            Ranges.atLeast("--layers", layers, 1);
        }
    }

    public SearchConfig {
        if (data == null || supernet == null || w == null || schedule == null || alpha == null || hypergradient == null || dtype == null)
            throw new IllegalArgumentException("a search configuration needs data, supernet, w, schedule, alpha, hypergradient and dtype");
        method = method == null ? new SearchMethod.Darts() : method;
        if (!(trainPortion > 0 && trainPortion < 1)) throw new IllegalArgumentException("--train-portion must be in (0, 1), got " + trainPortion);
        Ranges.atLeast("--batch-size", batchSize, 1);
        Ranges.atLeast("--epochs", epochs, 1);
        Ranges.atLeast("--warmup-epochs", warmupEpochs, 0);
        Ranges.atLeast("--threads (0: all cores)", threads, 0);
        if (warmupEpochs >= epochs)
            throw new IllegalArgumentException("--warmup-epochs " + warmupEpochs + " leaves none of the " + epochs + " epochs to search α");
    }

    /** Whether the dominant eigenvalue is computed each epoch (asked for, or needed by early stopping). */
    public boolean curvatureTracked() { return trackCurvature || earlyStop != null; }

    /** The reference's search: CIFAR-10, C = 16, 8 cells, batch 64, 50 epochs on the whole training split, second order. */
    public static SearchConfig paper() {
        return new SearchConfig(Data.of("cifar10"), 0.5, 64, 50, new Supernet(16, 8, false), new SearchMethod.Darts(), 0,
                new Sgd(0.025, 0.9, 3e-4, false, 5), new LrSchedule.Cosine(0.001), new Adam(3e-4, 0.5, 0.999, 1e-3),
                Hypergradients.finiteDifference(), false, null, 2, 0, DType.FLOAT32);
    }

    /**
     * The default: Fashion-MNIST, C = 4, 5 cells, batch 32, 2,000 training examples (1,000 for w, 1,000 for α), 6 epochs,
     * first order, and an α learning rate of 3e-2 instead of the paper's 3e-4: the reference takes ~20,000 α steps, this
     * preset ~190. At 3e-4 Adam moves no α by more than 0.06 in that time; at 3e-3 the mean entropy of softmax(α) ends at
     * 2.075 (uniform: log 8 = 2.079), at 1e-2 at 2.048, at 3e-2 at 1.965, 5.5% below uniform, with the same validation
     * accuracy (docs/results.md, "The small preset's α learning rate").
     */
    public static SearchConfig small() {
        return paper().edit(b -> {
            b.data = Data.of("fashion-mnist").withTrainSubset(2000);
            b.batchSize = 32;
            b.epochs = 6;
            b.supernet = new Supernet(4, 5, false);
            b.alpha = new Adam(3e-2, 0.5, 0.999, 1e-3);
            b.hypergradient = Hypergradients.firstOrder();
        });
    }

    public SearchConfig withData(Data d) { return edit(b -> b.data = d); }

    /** Another data set, with the rest of {@link #data()} kept. */
    public SearchConfig withDataset(String dataset) {
        return withData(new Data(dataset, data.dataDir(), data.trainSubset(), data.view(), data.targets(), data.trainFraction(), data.syntheticRows()));
    }

    /** The first {@code n} examples of the shuffled training split (0: all). */
    public SearchConfig withTrainSubset(int n) { return withData(data.withTrainSubset(n)); }

    public SearchConfig withTrainPortion(double p) { return edit(b -> b.trainPortion = p); }

    public SearchConfig withBatchSize(int n) { return edit(b -> b.batchSize = n); }

    public SearchConfig withEpochs(int n) { return edit(b -> b.epochs = n); }

    /** A search network of {@code c} initial channels and {@code layers} cells. */
    public SearchConfig withSupernet(int c, int layers) { return edit(b -> b.supernet = new Supernet(c, layers, supernet.zeroAlphas())); }

    public SearchConfig withMethod(SearchMethod m) { return edit(b -> b.method = m); }

    /** This configuration searched by {@code m}, α frozen for the first {@code warmup} epochs. */
    public SearchConfig withMethod(SearchMethod m, int warmup) { return edit(b -> { b.method = m; b.warmupEpochs = warmup; }); }

    public SearchConfig withW(Sgd sgd) { return edit(b -> b.w = sgd); }

    public SearchConfig withSchedule(LrSchedule s) { return edit(b -> b.schedule = s); }

    public SearchConfig withAlpha(Adam adam) { return edit(b -> b.alpha = adam); }

    /** Adam's learning rate for α, the rest of {@link #alpha()} kept. */
    public SearchConfig withArchLr(double lr) { return withAlpha(new Adam(lr, alpha.beta1(), alpha.beta2(), alpha.weightDecay())); }

    public SearchConfig withHypergradient(HypergradientEstimator h) { return edit(b -> b.hypergradient = h); }

    /** With the dominant eigenvalue of ∇²_α L_val tracked per epoch, and an early-stopping rule (null: none). */
    public SearchConfig withCurvature(boolean track, EarlyStopping stop) { return edit(b -> { b.trackCurvature = track; b.earlyStop = stop; }); }

    public SearchConfig withSeed(long s) { return edit(b -> b.seed = s); }

    public SearchConfig withThreads(int n) { return edit(b -> b.threads = n); }

    public SearchConfig withDtype(DType t) { return edit(b -> b.dtype = t); }

    /** Kirigami data: the image view. */
    public SearchConfig withView(KirigamiView v) {
        return withData(new Data(data.dataset(), data.dataDir(), data.trainSubset(), v, data.targets(), data.trainFraction(), data.syntheticRows()));
    }

    /** Kirigami data: the regression targets. */
    public SearchConfig withTargets(List<String> t) {
        return withData(new Data(data.dataset(), data.dataDir(), data.trainSubset(), data.view(), t, data.trainFraction(), data.syntheticRows()));
    }

    /** This configuration with the changes {@code change} makes to a copy of its components; the constructor checks the result. */
    private SearchConfig edit(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** The components, mutable for one {@link #edit}. */
    private static final class Builder {
        Data data; double trainPortion; int batchSize; int epochs; Supernet supernet; SearchMethod method; int warmupEpochs; Sgd w;
        LrSchedule schedule; Adam alpha; HypergradientEstimator hypergradient; boolean trackCurvature; EarlyStopping earlyStop; long seed; int threads;
        DType dtype;

        Builder(SearchConfig c) {
            data = c.data; trainPortion = c.trainPortion; batchSize = c.batchSize; epochs = c.epochs; supernet = c.supernet; method = c.method;
            warmupEpochs = c.warmupEpochs; w = c.w; schedule = c.schedule; alpha = c.alpha; hypergradient = c.hypergradient;
            trackCurvature = c.trackCurvature; earlyStop = c.earlyStop; seed = c.seed; threads = c.threads; dtype = c.dtype;
        }

        SearchConfig build() {
            return new SearchConfig(data, trainPortion, batchSize, epochs, supernet, method, warmupEpochs, w, schedule, alpha, hypergradient,
                    trackCurvature, earlyStop, seed, threads, dtype);
        }
    }

    public void write(Path file) throws IOException { ConfigJson.write(file, this); }

    /** This configuration as the JSON of config.json (what a cluster task carries). */
    public String toJson() { return ConfigJson.toJson(this); }

    /** The configuration {@link #toJson()} wrote. */
    public static SearchConfig fromJson(String json) throws IOException { return ConfigJson.fromJson(json, SearchConfig.class, "search configuration"); }

    public static SearchConfig read(Path file) throws IOException {
        return ConfigJson.read(file, SearchConfig.class, "search configuration", "a search folder");
    }

    /** The fields in which {@code other} differs from this configuration, as "path: this vs other". */
    public List<String> differences(SearchConfig other) { return ConfigJson.differences(this, other); }
}
