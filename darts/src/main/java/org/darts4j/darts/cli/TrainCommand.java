package org.darts4j.darts.cli;

import org.darts4j.tensor.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.darts4j.darts.config.Bind;
import org.darts4j.darts.config.Data;
import org.darts4j.darts.config.LrSchedule;
import org.darts4j.darts.config.OptionBinding;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.train.Model;
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
    @Bind("data.dataDir") @Option(names = "--data-dir", description = "The folder holding the data set's files, and the only one looked in (default: $DARTS4J_DATA, ~/.darts4j/data, and Debian's Fashion-MNIST).") String dataDir;
    @Bind("epochs") @Option(names = "--epochs", description = "Default: ${sys:darts4j.train.resnet20.epochs}.") Integer epochs;
    @Bind("batchSize") @Option(names = "--batch-size", description = "Default: ${sys:darts4j.train.resnet20.batchSize}.") Integer batchSize;
    @Bind("optimizer.lr") @Option(names = "--lr", description = "Initial learning rate (default ${sys:darts4j.train.resnet20.optimizer.lr}; darts ${sys:darts4j.train.darts.optimizer.lr}).") Double lr;
    @Bind("optimizer.momentum") @Option(names = "--momentum", description = "Default: ${sys:darts4j.train.resnet20.optimizer.momentum}.") Double momentum;
    @Bind("optimizer.weightDecay") @Option(names = "--weight-decay", description = "Default ${sys:darts4j.train.resnet20.optimizer.weightDecay}; darts ${sys:darts4j.train.darts.optimizer.weightDecay}.") Double weightDecay;
    @Bind("optimizer.nesterov") @Option(names = "--nesterov", description = "Nesterov momentum.") boolean nesterov;
    @Option(names = "--schedule", description = "cosine (default), step or constant.") String schedule;
    @Option(names = "--lr-min", description = "cosine: the final learning rate (default ${sys:darts4j.train.resnet20.schedule.lrMin}).") Double lrMin;
    @Option(names = "--step-size", description = "step: epochs between decays (default 30).") Integer stepSize;
    @Option(names = "--gamma", description = "step: the decay factor (default 0.1).") Double gamma;
    @Bind("optimizer.gradClip") @Option(names = "--grad-clip", description = "Gradient-norm clipping (0: off; the default, darts ${sys:darts4j.train.darts.optimizer.gradClip}).") Double gradClip;
    @Bind("valFraction") @Option(names = "--val-fraction", description = "The last share of the training split held out for validation (default ${sys:darts4j.train.resnet20.valFraction}).") Double valFraction;
    @Bind("data.trainSubset") @Option(names = "--train-subset", description = "Train on this many examples (seeded draw; 0: all, the default).") Integer trainSubset;
    @Bind("augment") @Option(names = "--no-augment", negatable = true, defaultValue = "true", fallbackValue = "true", description = "Augment training images with the data set's default crop/flip (on by default).") Boolean augment;
    @Bind("cutout") @Option(names = "--cutout", description = "Side of the cutout square (default 0: none).") Integer cutout;
    @Bind("seed") @Option(names = "--seed", description = "Default: ${sys:darts4j.train.resnet20.seed}.") Long seed;
    @Bind("threads") @Option(names = "--threads", description = "CPU threads (0: all cores, the default).") Integer threads;
    @Bind("dtype") @Option(names = "--dtype", description = "float32 (default) or float64.") String dtype;
    @Option(names = "--device", defaultValue = "cpu", description = DeviceOption.DESCRIPTION) String device;
    @Bind("workers") @Option(names = "--workers", description = "Loader threads (default ${sys:darts4j.train.resnet20.workers}).") Integer workers;
    @Bind("model.blocks") @Option(names = "--blocks", split = ",", description = "small-resnet: blocks per stage (default 2,2,2).") List<Integer> blocks;
    @Bind("model.width") @Option(names = "--width", description = "small-resnet: base width (default ${sys:darts4j.train.small-resnet.model.width}).") Integer width;
    @Bind("model.paramsLike") @Option(names = "--params-like", description = "small-resnet: choose the width so the parameter count is within 10%% of N.") Long paramsLike;
    @Bind("data.view") @Option(names = "--view", description = "Kirigami images: coarse, fine or fine-padded (default).") String view;
    @Bind("data.targets") @Option(names = "--target", split = ",", description = "Kirigami or csv targets.") List<String> targets;
    @Bind("data.trainFraction") @Option(names = "--train-fraction", description = "Kirigami: training share of the rows (default ${sys:darts4j.train.resnet20.data.trainFraction}).") Double trainFraction;
    @Bind("model.trees") @Option(names = "--trees", description = "random-forest: trees (default ${sys:darts4j.train.random-forest.model.trees}).") Integer trees;
    @Bind("model.maxDepth") @Option(names = "--max-depth", description = "random-forest: tree depth (default ${sys:darts4j.train.random-forest.model.maxDepth}).") Integer maxDepth;
    @Bind("data.syntheticRows") @Option(names = "--synthetic-rows", description = "kirigami-synthetic: rows to generate (SYNTHETIC data; default ${sys:darts4j.train.resnet20.data.syntheticRows}).") Integer syntheticRows;

    @Option(names = "--genotype", description = "darts: DARTS_V1, DARTS_V2, a search folder, a genotype file, or Genotype(...) text.") String genotype;
    @Bind("model.channels") @Option(names = "--channels", description = "darts: C, the initial channel count (default ${sys:darts4j.train.darts.model.channels}; reference 36).") Integer channels;
    @Bind("model.layers") @Option(names = "--layers", description = "darts: number of cells (default ${sys:darts4j.train.darts.model.layers}; reference 20).") Integer layers;
    @Bind("model.auxiliaryWeight") @Option(names = "--auxiliary-weight", description = "darts: loss weight of the auxiliary head after the 2/3 cell (0: no head; default ${sys:darts4j.train.darts.model.auxiliaryWeight}).") Double auxiliaryWeight;
    @Bind("model.dropPath") @Option(names = "--drop-path", description = "darts: drop-path probability, ramped linearly from 0 over the epochs (default ${sys:darts4j.train.darts.model.dropPath}).") Double dropPath;

    static final class ModelNames extends ArrayList<String> {
        ModelNames() { super(Model.NAMES); }
    }

    /** The recipes whose values the help shows, by model name. */
    static java.util.Map<String, RunConfig> presets() {
        java.util.Map<String, RunConfig> m = new java.util.LinkedHashMap<>();
        for (String name : List.of("resnet20", "small-resnet", "darts", "random-forest"))
            m.put(name, RunConfig.of(Model.of(name, "DARTS_V2"), Data.of("fashion-mnist")));
        return m;
    }

    /**
     * The run configuration the options describe: the model's recipe ({@link RunConfig#of}) with every option given
     * replacing its value (bound by {@link Bind}); a genotype named by file or folder is read and kept as text.
     */
    RunConfig config() throws java.io.IOException {
        if (model == null || dataset == null) throw new IllegalArgumentException("train needs --model and --dataset");
        org.darts4j.datasets.source.DataSources.requireKnown(dataset);
        String g = null;
        if ("darts".equals(model)) {
            if (genotype == null) throw new IllegalArgumentException("--model darts needs --genotype FILE|FOLDER|DARTS_V1|DARTS_V2");
            g = Genotype.resolve(genotype).toString();
        } else if (genotype != null) throw new IllegalArgumentException("--genotype is for --model darts, not " + model);
        RunConfig p = RunConfig.of(Model.of(model, g), Data.of(dataset));
        RunConfig c = OptionBinding.apply(p, this, "--model " + model);
        return schedule == null && lrMin == null && stepSize == null && gamma == null ? c : c.withSchedule(schedule(c.schedule().label()));
    }

    /** {@code --schedule} with its own options; another schedule's options are refused. */
    private LrSchedule schedule(String fallback) {
        String name = schedule != null ? schedule : fallback;
        if (lrMin != null && !name.equals("cosine")) throw new IllegalArgumentException("--lr-min is an option of --schedule cosine, not " + name);
        if ((stepSize != null || gamma != null) && !name.equals("step"))
            throw new IllegalArgumentException("--step-size and --gamma are options of --schedule step, not " + name);
        return LrSchedule.of(name, lrMin != null ? lrMin : 0, stepSize != null ? stepSize : 30, gamma != null ? gamma : 0.1);
    }

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
