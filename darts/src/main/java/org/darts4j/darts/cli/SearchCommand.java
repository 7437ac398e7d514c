package org.darts4j.darts.cli;

import org.darts4j.tensor.Backend;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
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
    @Option(names = "--dataset", description = "Default: the preset's (fashion-mnist for small).") String dataset;
    @Option(names = "--data-dir", description = "The folder holding the data set's files, and the only one looked in (default: $DARTS4J_DATA, ~/.darts4j/data, and Debian's Fashion-MNIST).") String dataDir;
    @CommandLine.Mixin MethodOptions method;
    @Option(names = "--hypergradient", description = {"One of ${sys:darts4j.hypergradients}.", "Default: ${sys:darts4j.small.hypergradient} (small preset), ${sys:darts4j.paper.hypergradient} (paper)."}) String hypergradient;
    @Option(names = "--epochs", description = "Default: ${sys:darts4j.small.epochs} (small preset), ${sys:darts4j.paper.epochs} (paper).") Integer epochs;
    @Option(names = "--channels", description = "C, the initial channel count. Default: ${sys:darts4j.small.c} (small preset), ${sys:darts4j.paper.c} (paper).") Integer channels;
    @Option(names = "--layers", description = "Number of cells. Default: ${sys:darts4j.small.layers} (small preset), ${sys:darts4j.paper.layers} (paper).") Integer layers;
    @Option(names = "--batch-size", description = "Default: ${sys:darts4j.small.batchSize} (small preset), ${sys:darts4j.paper.batchSize} (paper).") Integer batchSize;
    @Option(names = "--train-subset", description = "Examples of the training split to search on (0: all). Default: ${sys:darts4j.small.trainSubset} (small preset), ${sys:darts4j.paper.trainSubset} (paper).") Integer trainSubset;
    @Option(names = "--train-portion", description = "Share of those for w; the rest trains α (default 0.5).") Double trainPortion;
    @Option(names = "--lr", description = "Initial learning rate of w, cosine-annealed (default 0.025).") Double lr;
    @Option(names = "--lr-min", description = "Final learning rate of w (default 0.001).") Double lrMin;
    @Option(names = "--momentum", description = "SGD momentum of w (default 0.9).") Double momentum;
    @Option(names = "--weight-decay", description = "Weight decay of w (default 3e-4).") Double weightDecay;
    @Option(names = "--grad-clip", description = "Gradient norm clip of w (default 5).") Double gradClip;
    @Option(names = "--arch-lr", description = "Adam learning rate of α (paper 3e-4; small preset 3e-3).") Double archLr;
    @Option(names = "--arch-betas", split = ",", description = "Adam betas of α (default 0.5,0.999).") java.util.List<Double> archBetas;
    @Option(names = "--arch-weight-decay", description = "Weight decay of α (default 1e-3).") Double archWeightDecay;
    @Option(names = "--targets", split = ",", description = "Regression targets of a kirigami data set (column names; default: yield_strain).") java.util.List<String> targets;
    @Option(names = "--zero-alphas", description = "Initialise α to zeros (the paper) instead of 1e-3 x normal (the code).") boolean zeroAlphas;
    @Option(names = "--view", description = "Kirigami images: coarse, fine or fine-padded (default).") String view;
    @Option(names = "--track-curvature", description = "Compute the dominant eigenvalue of the Hessian of L_val in α after every epoch (metrics.csv).") boolean trackCurvature;
    @Option(names = "--early-stop", defaultValue = "none", description = "none (default), robust-darts or robust-darts:k:ratio (DARTS-ES of Zela et al. 2020; tracks the curvature).") String earlyStop;
    @Option(names = "--seed", description = "Default: ${sys:darts4j.small.seed} (small preset), ${sys:darts4j.paper.seed} (paper).") Long seed;
    @Option(names = "--threads", description = "CPU threads (default: all cores).") Integer threads;
    @Option(names = "--dtype", description = "float32 (default) or float64.") String dtype;
    @Option(names = "--device", defaultValue = "cpu", description = DeviceOption.DESCRIPTION) String device;
    @Option(names = "--out", description = "The run folder (default: runs/search-DATASET-TIME).") Path out;
    @Option(names = "--resume", description = "Continue the search in this folder.") Path resume;
    @Option(names = "--keep-checkpoints", paramLabel = "N|all", description = KeepCheckpointsOption.DESCRIPTION) String keepCheckpoints;

    /** The search the options describe: the preset, with every option given replacing its value. */
    SearchConfig config() {
        SearchConfig p = switch (preset) {
            case "small" -> SearchConfig.small();
            case "paper" -> SearchConfig.paper();
            default -> throw new IllegalArgumentException("unknown preset '" + preset + "': expected small or paper");
        };
        SearchConfig c = new SearchConfig(or(dataset, p.dataset()), dataDir, or(trainSubset, p.trainSubset()), or(trainPortion, p.trainPortion()),
                or(epochs, p.epochs()), or(batchSize, p.batchSize()), or(channels, p.c()), or(layers, p.layers()), or(lr, p.lr()), or(lrMin, p.lrMin()),
                or(momentum, p.momentum()), or(weightDecay, p.weightDecay()), or(gradClip, p.gradClip()), or(archLr, p.archLr()), beta(0, p.archBeta1()),
                beta(1, p.archBeta2()), or(archWeightDecay, p.archWeightDecay()), or(hypergradient, p.hypergradient()),
                zeroAlphas || p.zeroAlphas(), or(seed, p.seed()), or(threads, p.threads()), or(dtype, p.dtype()), or(view, p.view()), or(targets, p.targets()))
                .withCurvature(trackCurvature, earlyStop);
        c = c.withMethod(method.method(p.method()), method.warmupEpochs(p.warmupEpochs()));
        if (c.warmupEpochs() >= c.epochs())
            throw new IllegalArgumentException("--warmup-epochs " + c.warmupEpochs() + " leaves none of the " + c.epochs() + " epochs to search α");
        org.darts4j.darts.hypergradient.HypergradientEstimator.parse(c.hypergradient());
        org.darts4j.datasets.source.DataSources.requireKnown(c.dataset());
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
            dir = out != null ? out : Path.of("runs", "search-" + c.dataset().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        Genotype g = new Search(c, dir, System.out, backend).keepCheckpoints(KeepCheckpointsOption.parse(keepCheckpoints)).verbose(Main.verbose()).terminal(System.console() != null).run();
        System.out.println("genotype: " + g);
        System.out.println("run folder: " + dir + " (genotype.txt, genotype.json; cell diagrams normal.png/.svg/.dot and reduce.png/.svg/.dot)");
        return 0;
    }

    private double beta(int i, double fallback) {
        if (archBetas == null) return fallback;
        if (archBetas.size() != 2 || !(archBetas.get(i) >= 0 && archBetas.get(i) < 1))
            throw new IllegalArgumentException("--arch-betas: expected two numbers in [0, 1) such as 0.5,0.999, got " + archBetas);
        return archBetas.get(i);
    }

    private static <T> T or(T value, T fallback) { return value != null ? value : fallback; }
}
