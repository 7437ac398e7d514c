package org.darts4j.darts.cli;

import org.darts4j.tensor.cpu.CpuBackend;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.darts4j.darts.experiment.Experiment;
import org.darts4j.darts.experiment.ExperimentConfig;
import org.darts4j.darts.experiment.ExperimentEngine;
import org.darts4j.tensor.Backend;
import org.darts4j.darts.search.SearchConfig;
import org.darts4j.darts.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code darts4j experiment --config FILE}: search, retrain, baselines, table; resumes where it stopped. */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the pipeline an experiment file (JSON or YAML) describes: a DARTS search on data set A for every seed, each derived",
                "cell retrained on every data set B of 'retrain' (transfer when B is not A), the parameter-matched ResNet and (kirigami, csv)",
                "the random forest beside it; then results.md/.csv/.png and sparsity.png. Every field is checked before anything runs.",
                "Run it again on the same --out to resume. Fields: name, seeds, threads, search{...}, retrain[{dataset, models, ...}], genotypes."})
final class ExperimentCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The experiment file (.json, .yaml or .yml).") Path config;
    @Option(names = "--out", description = "The experiment folder (default: runs/experiment-NAME).") Path out;
    @Option(names = "--check", description = "Check the file and every configuration it implies, then stop.") boolean check;
    @Option(names = "--device", defaultValue = "cpu", description = DeviceOption.DESCRIPTION) String device;
    @Option(names = "--engine", defaultValue = "local", description = {"local: every step here, one after another (default);",
            "spark: every step a task of Apache Spark (the darts4j-cluster module), embedded (local mode) unless --master names a cluster."})
    String engine;
    @Option(names = "--master", description = "Spark's master URL: local[N], spark://HOST:PORT, yarn, k8s://... (default: local[*], tasks retried up to 4 times).")
    String master;
    @Option(names = "--conf", description = "A Spark setting KEY=VALUE (repeatable), e.g. spark.task.cpus=2 (a step's threads).")
    Map<String, String> conf = new java.util.LinkedHashMap<>();

    private static final Set<String> SEARCH_RESERVED = Set.of("seed", "out", "resume", "threads", "device");
    private static final Set<String> TRAIN_RESERVED = Set.of("model", "genotype", "seed", "out", "resume", "threads", "params-like", "device");

    @Override public Integer call() throws Exception {
        ExperimentConfig cfg = ExperimentConfig.read(config);
        Path dir = out != null ? out : Path.of("runs", "experiment-" + cfg.name().replaceAll("[^A-Za-z0-9._-]", "_"));
        if (!engine.equals("local")) ExperimentEngine.provider(engine);   // an unknown engine is refused before anything runs
        else if (master != null || !conf.isEmpty()) throw new IllegalArgumentException("--master and --conf are settings of --engine spark");
        if (check) {
            new Experiment(cfg, configurer(cfg, 0), dir, System.out, CpuBackend.get()).validate();
            System.out.printf("%s: valid; %d searches, %d data sets to train on%n", config, cfg.seeds().size(), cfg.retrain().size());
            return 0;
        }
        Backend backend = DeviceOption.resolve(device);
        new Experiment(cfg, configurer(cfg, 0), dir, System.out, backend).validate();
        try (ExperimentEngine e = engine.equals("local") ? ExperimentEngine.LOCAL
                : ExperimentEngine.provider(engine).start(dir, master, conf, cfg.threads() == null ? 0 : cfg.threads(), System.out)) {
            new Experiment(cfg, configurer(cfg, e.threadsPerStep()), dir, System.out, backend).run(e);
        }
        System.out.println("experiment folder: " + dir + " (results.md, results.csv, results.png, sparsity.png)");
        return 0;
    }

    /** The experiment's configurations; {@code engineThreads} (when above 0) replaces the file's {@code threads}. */
    static Experiment.Configurer configurer(ExperimentConfig cfg, int engineThreads) {
        int threads = engineThreads > 0 ? engineThreads : cfg.threads() == null ? 0 : cfg.threads();
        return new Experiment.Configurer() {
            @Override public SearchConfig search(long seed) {
                SearchCommand c = OptionMap.apply(new SearchCommand(), cfg.search(), "search", SEARCH_RESERVED);
                c.seed = seed;
                c.threads = threads;
                try {
                    return c.config();
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("search: " + ex.getMessage());
                }
            }

            @Override public RunConfig train(int entry, String model, String genotype, long seed, long paramsLike) {
                Map<String, Map<String, Object>> sections = new java.util.LinkedHashMap<>();
                sections.put("retrain[" + entry + "]", cfg.trainOptions(entry));
                sections.put("retrain[" + entry + "]." + model, cfg.modelOptions(entry, model));
                TrainCommand c = OptionMap.apply(new TrainCommand(), sections, TRAIN_RESERVED);
                c.model = model.equals("resnet") ? "small-resnet" : model;
                c.genotype = genotype;
                c.seed = seed;
                c.threads = threads;
                if (paramsLike > 0) c.paramsLike = paramsLike;
                try {
                    return c.config();
                } catch (java.io.IOException | IllegalArgumentException ex) {
                    throw new IllegalArgumentException("retrain[" + entry + "] (" + model + "): " + ex.getMessage());
                }
            }
        };
    }
}
