package org.darts4j.darts.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.darts4j.darts.curvature.EarlyStopping;
import org.darts4j.darts.run.Ranges;
import org.darts4j.darts.search.method.SearchMethod;
import org.darts4j.tensor.io.AtomicFile;

/**
 * A DARTS search, as the reference runs it: the training split halved ({@code trainPortion} 0.5) into the data for w
 * (L_train) and for α (L_val); SGD for w (lr 0.025 cosine-annealed to 0.001, momentum 0.9, weight decay 3e-4, gradient
 * clipping 5); Adam for α (lr 3e-4, betas (0.5, 0.999), weight decay 1e-3); the architecture step before the weight
 * step. {@link #paper()} has the paper's sizes; {@link #small()} (the default) is sized to finish in minutes on two
 * cores.
 */
public record SearchConfig(
        String dataset, String dataDir, int trainSubset, double trainPortion, int epochs, int batchSize, int c, int layers,
        double lr, double lrMin, double momentum, double weightDecay, double gradClip, double archLr, double archBeta1,
        double archBeta2, double archWeightDecay, String hypergradient, boolean zeroAlphas, long seed, int threads,
        String dtype, String view, List<String> targets, boolean trackCurvature, String earlyStop, SearchMethod method, int warmupEpochs) {

    public SearchConfig {
        method = method == null ? new SearchMethod.Darts() : method;
        Ranges.atLeast("--warmup-epochs", warmupEpochs, 0);
        if (epochs < 1 || batchSize < 1 || c < 1 || layers < 1) throw new IllegalArgumentException("epochs, batch size, channels and layers must be positive");
        if (!(trainPortion > 0 && trainPortion < 1)) throw new IllegalArgumentException("train portion must be in (0, 1), got " + trainPortion);
        if (!dtype.equals("float32") && !dtype.equals("float64")) throw new IllegalArgumentException("unknown dtype '" + dtype + "': expected float32 or float64");
        Ranges.atLeast("--train-subset (0: all)", trainSubset, 0);
        Ranges.positive("--lr", lr);
        Ranges.atLeast("--lr-min", lrMin, 0);
        Ranges.inHalfOpen("--momentum", momentum, 0, 1);
        Ranges.atLeast("--weight-decay", weightDecay, 0);
        Ranges.atLeast("--grad-clip (0: off)", gradClip, 0);
        Ranges.positive("--arch-lr", archLr);
        Ranges.inHalfOpen("--arch-betas (first)", archBeta1, 0, 1);
        Ranges.inHalfOpen("--arch-betas (second)", archBeta2, 0, 1);
        Ranges.atLeast("--arch-weight-decay", archWeightDecay, 0);
        Ranges.atLeast("--threads (0: all cores)", threads, 0);
        targets = targets == null ? List.of() : List.copyOf(targets);
        earlyStop = earlyStop == null ? "none" : earlyStop;
        EarlyStopping.parse(earlyStop);
    }

    /** Without curvature tracking or early stopping. */
    public SearchConfig(String dataset, String dataDir, int trainSubset, double trainPortion, int epochs, int batchSize, int c, int layers,
                        double lr, double lrMin, double momentum, double weightDecay, double gradClip, double archLr, double archBeta1,
                        double archBeta2, double archWeightDecay, String hypergradient, boolean zeroAlphas, long seed, int threads,
                        String dtype, String view, List<String> targets) {
        this(dataset, dataDir, trainSubset, trainPortion, epochs, batchSize, c, layers, lr, lrMin, momentum, weightDecay, gradClip, archLr,
                archBeta1, archBeta2, archWeightDecay, hypergradient, zeroAlphas, seed, threads, dtype, view, targets, false, "none", null, 0);
    }

    /** This configuration with the dominant eigenvalue of ∇²_α L_val tracked per epoch, and an early-stopping rule. */
    public SearchConfig withCurvature(boolean track, String stop) {
        return new SearchConfig(dataset, dataDir, trainSubset, trainPortion, epochs, batchSize, c, layers, lr, lrMin, momentum, weightDecay,
                gradClip, archLr, archBeta1, archBeta2, archWeightDecay, hypergradient, zeroAlphas, seed, threads, dtype, view, targets, track, stop,
                method, warmupEpochs);
    }

    /** This configuration with another batch size. */
    public SearchConfig withBatchSize(int b) {
        return new SearchConfig(dataset, dataDir, trainSubset, trainPortion, epochs, b, c, layers, lr, lrMin, momentum, weightDecay,
                gradClip, archLr, archBeta1, archBeta2, archWeightDecay, hypergradient, zeroAlphas, seed, threads, dtype, view, targets, trackCurvature, earlyStop,
                method, warmupEpochs);
    }

    /** This configuration searched by {@code m}, α frozen for the first {@code warmup} epochs. */
    public SearchConfig withMethod(SearchMethod m, int warmup) {
        return new SearchConfig(dataset, dataDir, trainSubset, trainPortion, epochs, batchSize, c, layers, lr, lrMin, momentum, weightDecay,
                gradClip, archLr, archBeta1, archBeta2, archWeightDecay, hypergradient, zeroAlphas, seed, threads, dtype, view, targets, trackCurvature, earlyStop,
                m, warmup);
    }

    /** Whether the dominant eigenvalue is computed each epoch (asked for, or needed by early stopping). */
    public boolean curvatureTracked() { return trackCurvature || EarlyStopping.parse(earlyStop) != null; }

    /** The reference's search: C = 16, 8 cells, batch 64, 50 epochs on the whole training split. */
    public static SearchConfig paper() {
        return new SearchConfig("cifar10", null, 0, 0.5, 50, 64, 16, 8, 0.025, 0.001, 0.9, 3e-4, 5, 3e-4, 0.5, 0.999, 1e-3,
                "finite-difference", false, 2, 0, "float32", "fine-padded", List.of());
    }

    /**
     * The default: Fashion-MNIST, C = 4, 5 cells, batch 32, 2,000 training examples (1,000 for w, 1,000 for α), 6 epochs,
     * first order, and an α learning rate of 3e-3 instead of 3e-4: the reference takes ~20,000 α steps, this preset ~190, and
     * at 3e-4 Adam moves no α by more than 0.06 in that time (softmax(α) stays uniform and the genotype is arbitrary).
     */
    public static SearchConfig small() {
        return new SearchConfig("fashion-mnist", null, 2000, 0.5, 6, 32, 4, 5, 0.025, 0.001, 0.9, 3e-4, 5, 3e-3, 0.5, 0.999, 1e-3,
                "first-order", false, 2, 0, "float32", "fine-padded", List.of());
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException { AtomicFile.write(file, tmp -> JSON.writeValue(tmp.toFile(), this)); }

    /** This configuration as the JSON of config.json (what a cluster task carries). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configuration {@link #toJson()} wrote. */
    public static SearchConfig fromJson(String json) throws IOException {
        try {
            return JSON.readValue(json, SearchConfig.class);
        } catch (IOException e) {
            throw new IOException("not a darts4j search configuration (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    public static SearchConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file (a search folder holds config.json)");
        try {
            return JSON.readValue(file.toFile(), SearchConfig.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a darts4j search configuration (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** The fields in which {@code other} differs from this configuration, as "name: this vs other". */
    public List<String> differences(SearchConfig other) {
        Map<?, ?> a = JSON.convertValue(this, Map.class), b = JSON.convertValue(other, Map.class);
        List<String> d = new ArrayList<>();
        for (Iterator<?> it = a.keySet().iterator(); it.hasNext(); ) {
            Object k = it.next();
            if (!java.util.Objects.equals(a.get(k), b.get(k))) d.add(k + ": " + a.get(k) + " vs " + b.get(k));
        }
        return d;
    }
}
