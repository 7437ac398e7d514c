package org.darts4j.darts.cli;

import org.darts4j.tensor.Backend;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.darts4j.darts.config.Adam;
import org.darts4j.darts.config.Bind;
import org.darts4j.darts.config.OptionBinding;
import org.darts4j.darts.curvature.EarlyStopping;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.search.Search;
import org.darts4j.darts.search.SearchConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code darts4j search}: a DARTS search; with no options, the small preset on Fashion-MNIST. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Searches a DARTS cell (by DARTS, PC-DARTS or GDAS: --method) and writes a run folder: config.json, metrics.csv, alphas/ and alphas.csv (softmax(α) per epoch),",
                "genotypes.txt, genotype.txt/.json, normal/reduce cell diagrams (.dot, .svg, .png), sparsity.csv and sparsity_*.png, and a checkpoint per epoch.",
                "With no options: the small preset on Fashion-MNIST (a few minutes on two cores)."})
final class SearchCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--preset", defaultValue = "small", description = "small (default) or paper (C = 16, 8 cells, batch 64, 50 epochs, CIFAR-10, second order).") String preset;
    @Bind("data.dataset") @Option(names = "--dataset", description = "Default: ${sys:darts4j.small.data.dataset} (small preset), ${sys:darts4j.paper.data.dataset} (paper).") String dataset;
    @Bind("data.dataDir") @Option(names = "--data-dir", description = "The folder holding the data set's files, and the only one looked in (default: $DARTS4J_DATA, ~/.darts4j/data, and Debian's Fashion-MNIST).") String dataDir;
    @CommandLine.Mixin MethodOptions method;
    @Bind("hypergradient") @Option(names = "--hypergradient", description = {"One of ${sys:darts4j.hypergradients}.", "Default: ${sys:darts4j.small.hypergradient} (small preset), ${sys:darts4j.paper.hypergradient} (paper)."}) String hypergradient;
    @Bind("epochs") @Option(names = "--epochs", description = "Default: ${sys:darts4j.small.epochs} (small preset), ${sys:darts4j.paper.epochs} (paper).") Integer epochs;
    @Bind("supernet.c") @Option(names = "--channels", description = "C, the initial channel count. Default: ${sys:darts4j.small.supernet.c} (small preset), ${sys:darts4j.paper.supernet.c} (paper).") Integer channels;
    @Bind("supernet.layers") @Option(names = "--layers", description = "Number of cells. Default: ${sys:darts4j.small.supernet.layers} (small preset), ${sys:darts4j.paper.supernet.layers} (paper).") Integer layers;
    @Bind("batchSize") @Option(names = "--batch-size", description = "Default: ${sys:darts4j.small.batchSize} (small preset), ${sys:darts4j.paper.batchSize} (paper).") Integer batchSize;
    @Bind("data.trainSubset") @Option(names = "--train-subset", description = "Examples of the training split to search on (0: all). Default: ${sys:darts4j.small.data.trainSubset} (small preset), ${sys:darts4j.paper.data.trainSubset} (paper).") Integer trainSubset;
    @Bind("trainPortion") @Option(names = "--train-portion", description = "Share of those for w; the rest trains α (default ${sys:darts4j.small.trainPortion}).") Double trainPortion;
    @Bind("w.lr") @Option(names = "--lr", description = "Initial learning rate of w, cosine-annealed (default ${sys:darts4j.small.w.lr}).") Double lr;
    @Bind("schedule.lrMin") @Option(names = "--lr-min", description = "Final learning rate of w (default ${sys:darts4j.small.schedule.lrMin}).") Double lrMin;
    @Bind("w.momentum") @Option(names = "--momentum", description = "SGD momentum of w (default ${sys:darts4j.small.w.momentum}).") Double momentum;
    @Bind("w.weightDecay") @Option(names = "--weight-decay", description = "Weight decay of w (default ${sys:darts4j.small.w.weightDecay}).") Double weightDecay;
    @Bind("w.gradClip") @Option(names = "--grad-clip", description = "Gradient norm clip of w (default ${sys:darts4j.small.w.gradClip}).") Double gradClip;
    @Bind("alpha.lr") @Option(names = "--arch-lr", description = "Adam learning rate of α (small preset ${sys:darts4j.small.alpha.lr}; paper ${sys:darts4j.paper.alpha.lr}).") Double archLr;
    @Option(names = "--arch-betas", split = ",", description = "Adam betas of α (default ${sys:darts4j.small.alpha.beta1},${sys:darts4j.small.alpha.beta2}).") java.util.List<Double> archBetas;
    @Bind("alpha.weightDecay") @Option(names = "--arch-weight-decay", description = "Weight decay of α (default ${sys:darts4j.small.alpha.weightDecay}).") Double archWeightDecay;
    @Bind("data.targets") @Option(names = "--targets", split = ",", description = "Regression targets of a kirigami data set (column names; default: yield_strain).") java.util.List<String> targets;
    @Bind("data.trainFraction") @Option(names = "--train-fraction", description = "Kirigami: share of the rows, by position, that form the training split (default ${sys:darts4j.small.data.trainFraction}).") Double trainFraction;
    @Bind("data.syntheticRows") @Option(names = "--synthetic-rows", description = "kirigami-synthetic: rows to generate (SYNTHETIC data; default ${sys:darts4j.small.data.syntheticRows}).") Integer syntheticRows;
    @Bind("supernet.zeroAlphas") @Option(names = "--zero-alphas", description = "Initialise α to zeros (the paper) instead of 1e-3 x normal (the code).") boolean zeroAlphas;
    @Bind("data.view") @Option(names = "--view", description = "Kirigami images: coarse, fine or fine-padded (default).") String view;
    @Bind("trackCurvature") @Option(names = "--track-curvature", description = "Compute the dominant eigenvalue of the Hessian of L_val in α after every epoch (metrics.csv).") boolean trackCurvature;
    @Option(names = "--early-stop", defaultValue = "none", description = "none (default), robust-darts or robust-darts:k:ratio (DARTS-ES of Zela et al. 2020; tracks the curvature).") String earlyStop;
    @Bind("seed") @Option(names = "--seed", description = "Default: ${sys:darts4j.small.seed} (small preset), ${sys:darts4j.paper.seed} (paper).") Long seed;
    @Bind("threads") @Option(names = "--threads", description = "CPU threads (default: all cores).") Integer threads;
    @Bind("dtype") @Option(names = "--dtype", description = "float32 (default) or float64.") String dtype;
    @Option(names = "--device", defaultValue = "cpu", description = DeviceOption.DESCRIPTION) String device;
    @Option(names = "--out", description = "The run folder (default: runs/search-DATASET-TIME).") Path out;
    @Option(names = "--resume", description = "Continue the search in this folder.") Path resume;
    @Option(names = "--keep-checkpoints", paramLabel = "N|all", description = KeepCheckpointsOption.DESCRIPTION) String keepCheckpoints;

    /** The search the options describe: the preset, with every option given replacing its value (bound by {@link Bind}). */
    SearchConfig config() {
        SearchConfig p = switch (preset) {
            case "small" -> SearchConfig.small();
            case "paper" -> SearchConfig.paper();
            default -> throw new IllegalArgumentException("unknown preset '" + preset + "': expected small or paper");
        };
        p = p.withEpochs(epochs != null ? epochs : p.epochs()).withMethod(method.method(p.method()), method.warmupEpochs(p.warmupEpochs()));
        SearchConfig c = OptionBinding.apply(p, this).withCurvature(trackCurvature, EarlyStopping.parse(earlyStop));
        if (archBetas != null) c = c.withAlpha(new Adam(c.alpha().lr(), beta(0), beta(1), c.alpha().weightDecay()));
        org.darts4j.datasets.source.DataSources.requireKnown(c.data().dataset());
        return c;
    }

    @Override public Integer call() throws Exception {
        Backend backend = DeviceOption.resolve(device);
        SearchConfig c;
        Path dir;
        if (resume != null) {
            ResumeOptions.check(spec);
            dir = resume;
            c = SearchConfig.read(dir.resolve("config.json"));
        } else {
            c = config();
            dir = out != null ? out : Path.of("runs", "search-" + c.data().dataset().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        Genotype g = new Search(c, dir, System.out, backend).keepCheckpoints(KeepCheckpointsOption.parse(keepCheckpoints)).verbose(Main.verbose()).terminal(System.console() != null).run();
        System.out.println("genotype: " + g);
        System.out.println("run folder: " + dir + " (genotype.txt, genotype.json; cell diagrams normal.png/.svg/.dot and reduce.png/.svg/.dot)");
        return 0;
    }

    private double beta(int i) {
        if (archBetas.size() != 2 || !(archBetas.get(i) >= 0 && archBetas.get(i) < 1))
            throw new IllegalArgumentException("--arch-betas: expected two numbers in [0, 1) such as 0.5,0.999, got " + archBetas);
        return archBetas.get(i);
    }
}
