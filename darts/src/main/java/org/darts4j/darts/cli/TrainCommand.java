package org.darts4j.darts.cli;

import org.darts4j.tensor.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.train.RunConfig;
import org.darts4j.darts.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code darts4j train --model ... --dataset ... --out DIR}, or {@code --resume DIR}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a baseline model and writes a run folder: config.json, metrics.csv, checkpoints, curves.png, summary.json.",
                "Models: resnet20, resnet32, resnet56 (He et al. 2016, option A shortcuts), resnet18 (small-image variant),",
                "small-resnet (--blocks, --width or --params-like N), random-forest (Tribuo, on the pixels as features),",
                "darts (the evaluation network of a genotype: --genotype FILE|FOLDER|DARTS_V1|DARTS_V2, --channels, --layers,",
                "--auxiliary-weight, --drop-path; defaults as the reference's train.py: lr 0.025, weight decay 3e-4, gradient clip 5)."})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "One of ${COMPLETION-CANDIDATES}.", completionCandidates = ModelNames.class) String model;
    @Option(names = "--dataset", description = "mnist, fashion-mnist, cifar10, kirigami, kirigami-synthetic, kirigami:FILE, npz:FILE, csv:FILE.") String dataset;
    @Option(names = "--out", description = "The run folder to create.") Path out;
    @Option(names = "--resume", description = "Continue the run in this folder from its last checkpoint.") Path resume;
    @Option(names = "--keep-checkpoints", paramLabel = "N|all", description = KeepCheckpointsOption.DESCRIPTION) String keepCheckpoints;
    @Option(names = "--data-dir", description = "The folder holding the data set's files, and the only one looked in (default: $DARTS4J_DATA, ~/.darts4j/data, and Debian's Fashion-MNIST).") String dataDir;
    @Option(names = "--epochs", defaultValue = "10") int epochs;
    @Option(names = "--batch-size", defaultValue = "128") int batchSize;
    @Option(names = "--lr", description = "Initial learning rate (default 0.1; darts 0.025).") Double lr;
    @Option(names = "--momentum", defaultValue = "0.9") double momentum;
    @Option(names = "--weight-decay", description = "Default 5e-4; darts 3e-4.") Double weightDecay;
    @Option(names = "--nesterov") boolean nesterov;
    @Option(names = "--schedule", defaultValue = "cosine", description = "cosine, step or constant.") String schedule;
    @Option(names = "--lr-min", defaultValue = "0") double lrMin;
    @Option(names = "--step-size", defaultValue = "30") int stepSize;
    @Option(names = "--gamma", defaultValue = "0.1") double gamma;
    @Option(names = "--grad-clip", description = "Gradient-norm clipping (0: off; the default, darts 5).") Double gradClip;
    @Option(names = "--val-fraction", defaultValue = "0.1", description = "The last share of the training split held out for validation.") double valFraction;
    @Option(names = "--train-subset", defaultValue = "0", description = "Train on this many examples (seeded draw; 0: all).") int trainSubset;
    @Option(names = "--no-augment", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Augment training images with the data set's default crop/flip (on by default).") boolean augment;
    @Option(names = "--cutout", defaultValue = "0") int cutout;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--threads", defaultValue = "0", description = "CPU threads (0: all cores).") int threads;
    @Option(names = "--dtype", defaultValue = "float32") String dtype;
    @Option(names = "--device", defaultValue = "cpu", description = DeviceOption.DESCRIPTION) String device;
    @Option(names = "--workers", defaultValue = "1", description = "Loader threads.") int workers;
    @Option(names = "--blocks", split = ",", description = "small-resnet: blocks per stage (default 2,2,2).") List<Integer> blocks = new ArrayList<>();
    @Option(names = "--width", defaultValue = "16", description = "small-resnet: base width.") int width;
    @Option(names = "--params-like", defaultValue = "0", description = "small-resnet: choose the width so the parameter count is within 10%% of N.") long paramsLike;
    @Option(names = "--view", defaultValue = "fine-padded", description = "Kirigami images: coarse, fine or fine-padded.") String view;
    @Option(names = "--target", split = ",", description = "Kirigami or csv targets.") List<String> targets = new ArrayList<>();
    @Option(names = "--train-fraction", defaultValue = "0.8", description = "Kirigami: training share of the rows.") double trainFraction;
    @Option(names = "--trees", defaultValue = "200", description = "random-forest: trees.") int trees;
    @Option(names = "--max-depth", defaultValue = "12", description = "random-forest: tree depth.") int maxDepth;
    @Option(names = "--synthetic-rows", defaultValue = "2000", description = "kirigami-synthetic: rows to generate (SYNTHETIC data).") int syntheticRows;

    @Option(names = "--genotype", description = "darts: DARTS_V1, DARTS_V2, a search folder, a genotype file, or Genotype(...) text.") String genotype;
    @Option(names = "--channels", defaultValue = "16", description = "darts: C, the initial channel count (reference 36).") int channels;
    @Option(names = "--layers", defaultValue = "8", description = "darts: number of cells (reference 20).") int layers;
    @Option(names = "--auxiliary-weight", defaultValue = "0.4", description = "darts: loss weight of the auxiliary head after the 2/3 cell (0: no head).") double auxiliaryWeight;
    @Option(names = "--drop-path", defaultValue = "0.2", description = "darts: drop-path probability, ramped linearly from 0 over the epochs.") double dropPath;

    static final class ModelNames extends ArrayList<String> {
        ModelNames() { super(RunConfig.MODELS); }
    }

    /** The run configuration the options describe (a genotype named by file or folder is read and kept as text). */
    RunConfig config() throws java.io.IOException {
        if (model == null || dataset == null) throw new IllegalArgumentException("train needs --model and --dataset");
        org.darts4j.datasets.source.DataSources.requireKnown(dataset);
        boolean darts = "darts".equals(model);
        String g = null;
        if (darts) {
            if (genotype == null) throw new IllegalArgumentException("--model darts needs --genotype FILE|FOLDER|DARTS_V1|DARTS_V2");
            g = Genotype.resolve(genotype).toString();
        } else if (genotype != null) throw new IllegalArgumentException("--genotype is for --model darts, not " + model);
        return new RunConfig(model, dataset, dataDir, epochs, batchSize, or(lr, darts ? 0.025 : 0.1), momentum, or(weightDecay, darts ? 3e-4 : 5e-4),
                nesterov, schedule, lrMin, stepSize, gamma, or(gradClip, darts ? 5.0 : 0.0), valFraction, trainSubset, augment, cutout, seed, threads,
                dtype, workers, blocks.isEmpty() ? null : blocks, width, paramsLike, view, targets, trainFraction, trees, maxDepth, syntheticRows,
                g, channels, layers, auxiliaryWeight, dropPath);
    }

    private static double or(Double v, double fallback) { return v != null ? v : fallback; }

    @Override public Integer call() throws Exception {
        Backend backend = DeviceOption.resolve(device);
        RunConfig config;
        Path dir;
        if (resume != null) {
            ResumeOptions.check(spec);
            dir = resume;
            config = RunConfig.read(dir.resolve("config.json"));
        } else {
            if (model == null || dataset == null || out == null)
                throw new IllegalArgumentException("train needs --model, --dataset and --out (or --resume DIR)");
            if (Files.exists(out.resolve("config.json")))
                throw new IllegalArgumentException(out + " already holds a run: continue it with --resume " + out + " or choose another --out");
            dir = out;
            config = config();
        }
        new Trainer(config, dir, System.out, System.console() != null, backend).keepCheckpoints(KeepCheckpointsOption.parse(keepCheckpoints)).run(null);
        System.out.println("run folder: " + dir);
        return 0;
    }
}
