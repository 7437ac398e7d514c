package org.darts4j.darts.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.darts4j.darts.run.Ranges;

/**
 * Everything a training run depends on, written to {@code config.json} in the run folder so that the run can be
 * resumed and repeated. Defaults are those of the CIFAR ResNet recipe (SGD, momentum 0.9, weight decay 5e-4, cosine
 * annealing) shortened to a CPU budget.
 */
public record RunConfig(
        String model, String dataset, String dataDir, int epochs, int batchSize, double lr, double momentum, double weightDecay,
        boolean nesterov, String schedule, double lrMin, int stepSize, double gamma, double gradClip, double valFraction,
        int trainSubset, boolean augment, int cutout, long seed, int threads, String dtype, int workers,
        List<Integer> blocks, int width, long paramsLike, String view, List<String> targets, double trainFraction,
        int trees, int maxDepth, int syntheticRows, String genotype, int channels, int layers, double auxiliaryWeight, double dropPath) {

    public static final List<String> MODELS = List.of("resnet20", "resnet32", "resnet56", "resnet18", "small-resnet", "random-forest", "darts");

    public RunConfig {
        if (!MODELS.contains(model)) throw new IllegalArgumentException("unknown model '" + model + "': expected one of " + MODELS);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        if (!(valFraction >= 0 && valFraction < 1)) throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + valFraction);
        if (!List.of("cosine", "step", "constant").contains(schedule))
            throw new IllegalArgumentException("unknown schedule '" + schedule + "': expected cosine, step or constant");
        if (!dtype.equals("float32") && !dtype.equals("float64")) throw new IllegalArgumentException("unknown dtype '" + dtype + "': expected float32 or float64");
        blocks = blocks == null ? List.of(2, 2, 2) : List.copyOf(blocks);
        targets = targets == null ? List.of() : List.copyOf(targets);
        if (syntheticRows <= 0) syntheticRows = 2000;
        if (model.equals("darts") && (genotype == null || genotype.isBlank()))
            throw new IllegalArgumentException("model darts needs a genotype (--genotype FILE|FOLDER|DARTS_V1|DARTS_V2)");
        if (channels <= 0) channels = 16;
        if (layers <= 0) layers = 8;
        if (!(auxiliaryWeight >= 0)) throw new IllegalArgumentException("auxiliary weight must be at least 0, got " + auxiliaryWeight);
        if (!(dropPath >= 0 && dropPath < 1)) throw new IllegalArgumentException("drop path probability must be in [0, 1), got " + dropPath);
        Ranges.positive("--lr", lr);
        Ranges.inHalfOpen("--momentum", momentum, 0, 1);
        Ranges.atLeast("--weight-decay", weightDecay, 0);
        Ranges.atLeast("--lr-min", lrMin, 0);
        Ranges.atLeast("--step-size", stepSize, 1);
        Ranges.inLeftOpen("--gamma", gamma, 0, 1);
        Ranges.atLeast("--grad-clip (0: off)", gradClip, 0);
        Ranges.atLeast("--train-subset (0: all)", trainSubset, 0);
        Ranges.atLeast("--cutout", cutout, 0);
        Ranges.atLeast("--threads (0: all cores)", threads, 0);
        Ranges.atLeast("--workers", workers, 1);
        Ranges.inOpen("--train-fraction", trainFraction, 0, 1);
        if (model.equals("random-forest")) { Ranges.atLeast("--trees", trees, 1); Ranges.atLeast("--max-depth", maxDepth, 1); }
        if (model.equals("small-resnet")) { Ranges.atLeast("--width", width, 1); Ranges.atLeast("--params-like (0: off)", paramsLike, 0); }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        org.darts4j.tensor.io.AtomicFile.write(file, tmp -> JSON.writeValue(tmp.toFile(), this));
    }

    /** This configuration as the JSON of config.json (what a cluster task carries). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configuration {@link #toJson()} wrote. */
    public static RunConfig fromJson(String json) throws IOException {
        try {
            return JSON.readValue(json, RunConfig.class);
        } catch (IOException e) {
            throw new IOException("not a darts4j run configuration (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    public static RunConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file (a run folder holds config.json)");
        try {
            return JSON.readValue(file.toFile(), RunConfig.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a darts4j run configuration (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    public RunConfig withEpochs(int e) {
        return new RunConfig(model, dataset, dataDir, e, batchSize, lr, momentum, weightDecay, nesterov, schedule, lrMin, stepSize, gamma,
                gradClip, valFraction, trainSubset, augment, cutout, seed, threads, dtype, workers, blocks, width, paramsLike, view, targets,
                trainFraction, trees, maxDepth, syntheticRows, genotype, channels, layers, auxiliaryWeight, dropPath);
    }
}
