package org.darts4j.darts.experiment;

import org.darts4j.tensor.Backend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.run.EpochLoop;
import org.darts4j.darts.run.CsvTable;
import org.darts4j.darts.search.SearchConfig;
import org.darts4j.darts.search.SearchEpoch;
import org.darts4j.darts.sparsity.Sparsity;
import org.darts4j.darts.train.RunConfig;
import org.darts4j.tensor.io.AtomicFile;

/**
 * Runs an {@link ExperimentConfig} in a folder, each step a run folder of its own:
 * <pre>
 * experiment.json                     the configuration (a different one in the same folder is refused)
 * search/seed-S/                      darts4j search, seed S
 * retrain/DATASET/darts-SOURCE-seed-S the evaluation network of the cell from SOURCE (searched, or a fixed genotype)
 * retrain/DATASET/resnet-seed-S       small ResNet with the parameter count of darts-searched-seed-S
 * retrain/DATASET/MODEL-seed-S        random forest, other ResNets
 * results.md, results.csv, results.png, sparsity.png
 * </pre>
 * Started again on its folder it skips finished steps (a search with genotype.txt, a run with summary.json) and
 * resumes unfinished ones from their last checkpoint.
 */
public final class Experiment {
    /** Turns the experiment's option maps into validated search and training configurations. */
    public interface Configurer {
        SearchConfig search(long seed);

        /** {@code genotype}: the text for model darts, else null; {@code paramsLike}: for resnet, else 0. */
        RunConfig train(int entry, String model, String genotype, long seed, long paramsLike);
    }

    /** One search of the experiment: its seed, folder, genotype, wall seconds and final sparsity. */
    public record SearchRun(long seed, Path dir, Genotype genotype, double seconds, int threads, Sparsity sparsity, double valMetric) {}

    /** One training run: the data set entry, the row it belongs to, the seed, its folder and summary. */
    public record TrainRun(int entry, String dataset, String row, String source, long seed, Path dir, Map<String, Object> summary) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExperimentConfig cfg;
    private final Configurer configs;
    private final Path dir;
    private final PrintStream log;
    private final Backend device;

    /** An experiment whose searches and network trainings run on {@code device}. */
    public Experiment(ExperimentConfig cfg, Configurer configs, Path dir, PrintStream log, Backend device) {
        this.cfg = cfg;
        this.configs = configs;
        this.dir = dir;
        this.log = log;
        this.device = device;
    }

    /**
     * Builds every configuration the experiment will run (a placeholder genotype and parameter count stand for the
     * ones the searches will give), so that a bad field is refused before anything runs.
     */
    public void validate() throws IOException {
        for (long s : cfg.seeds()) configs.search(s);
        for (String g : cfg.genotypes()) Genotype.resolve(g);
        for (int i = 0; i < cfg.retrain().size(); i++)
            for (String m : cfg.models(i))
                for (long s : cfg.seeds())
                    configs.train(i, m, m.equals("darts") ? Genotype.DARTS_V2.toString() : null, s, m.equals("resnet") ? 100_000 : 0);
    }

    /** Runs every step here, one after another ({@link ExperimentEngine#LOCAL}). */
    public Report run() throws IOException { return run(ExperimentEngine.LOCAL); }

    /**
     * Runs the experiment's unfinished steps on {@code engine}, stage by stage (the searches; every training whose
     * configuration is known; the parameter-matched ResNets), then makes the results table from the run folders.
     */
    public Report run(ExperimentEngine engine) throws IOException {
        validate();
        Files.createDirectories(dir);
        Path state = dir.resolve("experiment.json");
        String json = cfg.toJson();
        if (Files.exists(state)) {
            ExperimentConfig old = ExperimentConfig.fromJson(Files.readString(state));
            if (!old.equals(cfg)) throw new IllegalArgumentException(dir + " holds another experiment (" + state.getFileName()
                    + " differs from this configuration); choose another --out or restore the configuration");
            log.printf("resuming experiment %s in %s%n", cfg.name(), dir);
        } else AtomicFile.write(state, tmp -> Files.writeString(tmp, json, StandardCharsets.UTF_8));
        long t0 = System.nanoTime();

        List<Step.SearchStep> searchSteps = new ArrayList<>();
        for (long seed : cfg.seeds()) searchSteps.add(new Step.SearchStep(seed, dir.resolve("search").resolve("seed-" + seed), configs.search(seed)));
        runStage(engine, searchSteps);
        List<SearchRun> searches = new ArrayList<>();
        for (Step.SearchStep s : searchSteps) searches.add(searched(s));

        // every training in the table's order; a ResNet's configuration waits for the DARTS network of its seed
        Map<Training, Step.TrainStep> steps = new LinkedHashMap<>();
        Map<String, Genotype> fixed = new LinkedHashMap<>();
        for (String g : cfg.genotypes()) fixed.put(label(g), Genotype.resolve(g));
        for (int i = 0; i < cfg.retrain().size(); i++) {
            String dataset = (String) cfg.retrain().get(i).get("dataset");
            Path base = dir.resolve("retrain").resolve(slug(i, dataset));
            List<String> models = cfg.models(i);
            for (SearchRun sr : searches) {
                long seed = sr.seed();
                List<Training> trainings = new ArrayList<>();
                if (models.contains("darts")) {
                    trainings.add(new Training(i, dataset, "darts", "searched", sr.genotype().toString(), seed, base.resolve("darts-searched-seed-" + seed)));
                    for (var f : fixed.entrySet())
                        trainings.add(new Training(i, dataset, "darts", f.getKey(), f.getValue().toString(), seed, base.resolve("darts-" + f.getKey() + "-seed-" + seed)));
                }
                for (String m : models) if (!m.equals("darts")) trainings.add(new Training(i, dataset, m, "", null, seed, base.resolve(m + "-seed-" + seed)));
                for (Training tr : trainings) steps.put(tr, tr.model().equals("resnet") ? null : trainStep(tr, 0));
            }
        }
        runStage(engine, steps.values().stream().filter(java.util.Objects::nonNull).toList());

        List<Step.TrainStep> matched = new ArrayList<>();
        for (var e : steps.entrySet()) {
            if (e.getValue() != null) continue;
            Training tr = e.getKey();
            Path darts = dir.resolve("retrain").resolve(slug(tr.entry(), tr.dataset())).resolve("darts-searched-seed-" + tr.seed());
            long paramsLike = Files.exists(darts.resolve(Step.TrainStep.RESULT)) ? ((Number) summary(darts).get("parameters")).longValue() : 0;
            e.setValue(trainStep(tr, paramsLike));
            matched.add(e.getValue());
        }
        runStage(engine, matched);

        List<TrainRun> runs = new ArrayList<>();
        for (var e : steps.entrySet()) {
            Training tr = e.getKey();
            runs.add(new TrainRun(tr.entry(), tr.dataset(), e.getValue().row(), tr.source(), tr.seed(), tr.dir(), summary(tr.dir())));
        }
        Report r = new Report(cfg, searches, runs, (System.nanoTime() - t0) / 1e9);
        r.write(dir);
        log.printf("experiment %s finished: %s%n", cfg.name(), dir.resolve("results.md"));
        return r;
    }

    /** Says which steps are finished already and hands the others to the engine. */
    private void runStage(ExperimentEngine engine, List<? extends Step> stage) throws IOException {
        List<Step> todo = new ArrayList<>();
        for (Step s : stage) {
            if (!s.done()) todo.add(s);
            else if (s instanceof Step.SearchStep ss) log.printf("search seed %d: done (%s)%n", ss.seed(), s.dir());
            else log.printf("%s: done (%s)%n", s.describe(), s.dir());
        }
        if (!todo.isEmpty()) engine.run(todo, log, device);
        for (Step s : todo)
            if (!s.done()) throw new IllegalStateException(s.describe() + " did not finish: no " + s.result());
    }

    /** A finished search, read from its folder. */
    private SearchRun searched(Step.SearchStep s) throws IOException {
        Path d = s.dir();
        Genotype g = Genotype.parse(Files.readString(d.resolve(Step.SearchStep.RESULT)));
        Path metrics = d.resolve(EpochLoop.METRICS);
        List<SearchEpoch> rows = CsvTable.of(SearchEpoch.class, metrics, "accuracy", "r2").read(metrics);
        double seconds = rows.stream().mapToDouble(SearchEpoch::seconds).sum();
        double val = rows.isEmpty() ? Double.NaN : rows.get(rows.size() - 1).valMetric();
        SearchConfig c = s.config();
        int threads = c.threads() > 0 ? c.threads() : Runtime.getRuntime().availableProcessors();
        return new SearchRun(s.seed(), d, g, seconds, threads, Sparsity.of(d), val);
    }

    /** One training of the table: data set entry, model, the cell's source and genotype (darts), seed and folder. */
    private record Training(int entry, String dataset, String model, String source, String genotype, long seed, Path dir) {}

    private Step.TrainStep trainStep(Training tr, long paramsLike) throws IOException {
        String model = tr.model(), source = tr.source();
        long seed = tr.seed();
        Path d = tr.dir();
        String row = switch (model) {
            case "darts" -> source.equals("searched") ? "DARTS cell (searched on " + cfg.search().get("dataset") + " by "
                    + configs.search(seed).method().describe() + ")" : "DARTS cell " + source;
            case "resnet" -> "ResNet (parameter-matched)";
            default -> model;
        };
        // a started run keeps the configuration it started with (its folder refuses another)
        RunConfig c = Files.exists(d.resolve("config.json")) ? RunConfig.read(d.resolve("config.json"))
                : configs.train(tr.entry(), model, tr.genotype(), seed, paramsLike);
        return new Step.TrainStep(row, tr.dataset(), seed, d, c);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> summary(Path d) throws IOException {
        JsonNode n = JSON.readTree(d.resolve(Step.TrainStep.RESULT).toFile());
        return JSON.convertValue(n, LinkedHashMap.class);
    }

    private static String label(String genotypeSpec) {
        String s = genotypeSpec.strip();
        if (s.startsWith("Genotype(")) return "custom";
        String name = Path.of(s).getFileName() == null ? s : Path.of(s).getFileName().toString();
        if (name.equals("genotype.txt") || name.equals("genotype.json")) name = Path.of(s).getParent() == null ? name : Path.of(s).getParent().getFileName().toString();
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String slug(int i, String dataset) {
        String d = dataset.contains(":") ? dataset.substring(0, dataset.indexOf(':')) + "-" + Path.of(dataset.substring(dataset.indexOf(':') + 1)).getFileName() : dataset;
        return i + "-" + d.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
