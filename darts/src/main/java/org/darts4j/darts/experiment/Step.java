package org.darts4j.darts.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import org.darts4j.darts.search.Search;
import org.darts4j.darts.search.SearchConfig;
import org.darts4j.darts.train.RunConfig;
import org.darts4j.darts.train.Trainer;
import org.darts4j.tensor.Backend;

/**
 * One step of an experiment: a search or a training run, into a run folder of its own. A step is finished when its
 * result is in its folder ({@code genotype.txt}, {@code summary.json}); run again, an unfinished one resumes from its last
 * checkpoint. Steps of one stage do not depend on one another, so an {@link ExperimentEngine} may run them in any order or
 * at once.
 */
public sealed interface Step permits Step.SearchStep, Step.TrainStep {
    Path dir();

    /** "search on DATA, seed S" or "ROW on DATA, seed S", as the experiment's log names it. */
    String describe();

    /** The file whose presence says the step is finished. */
    Path result();

    /** Whether the step's result is in its folder. */
    default boolean done() { return Files.exists(result()); }

    /**
     * Runs (or resumes) the step into its folder on {@code device}; {@code afterCheckpoint} hears each epoch's
     * checkpoint (null: nobody; tests use it to stop a step part-way).
     */
    void run(PrintStream log, Backend device, IntConsumer afterCheckpoint) throws IOException;

    /** The step in a form that travels (to a cluster's executors), from which {@link Spec#step()} makes it again. */
    Spec spec();

    /** A DARTS (or PC-DARTS, GDAS) search of one seed. */
    record SearchStep(long seed, Path dir, SearchConfig config) implements Step {
        public static final String RESULT = "genotype.txt";

        @Override public String describe() { return "search on " + config.data().dataset() + ", seed " + seed; }

        @Override public Path result() { return dir.resolve(RESULT); }

        @Override public void run(PrintStream log, Backend device, IntConsumer afterCheckpoint) throws IOException {
            new Search(config, dir, log, device).run(afterCheckpoint == null ? null : afterCheckpoint::accept);
        }

        @Override public Spec spec() { return new Spec("search", "", seed, dir.toString(), config.toJson()); }
    }

    /** The training of one model (an evaluation network of a cell, a ResNet, the random forest) on one data set. */
    record TrainStep(String row, String dataset, long seed, Path dir, RunConfig config) implements Step {
        public static final String RESULT = "summary.json";

        @Override public String describe() { return row + " on " + dataset + ", seed " + seed; }

        @Override public Path result() { return dir.resolve(RESULT); }

        @Override public void run(PrintStream log, Backend device, IntConsumer afterCheckpoint) throws IOException {
            new Trainer(config, dir, log, false, device).run(afterCheckpoint == null ? null : afterCheckpoint::accept);
        }

        @Override public Spec spec() { return new Spec("train", row, seed, dir.toString(), config.toJson()); }
    }

    /** A step as plain strings: its kind ({@code search}, {@code train}), row (trainings), seed, folder and config.json. */
    record Spec(String kind, String row, long seed, String dir, String configJson) implements Serializable {
        public Step step() throws IOException {
            return switch (kind) {
                case "search" -> new SearchStep(seed, Path.of(dir), SearchConfig.fromJson(configJson));
                case "train" -> {
                    RunConfig c = RunConfig.fromJson(configJson);
                    yield new TrainStep(row, c.data().dataset(), seed, Path.of(dir), c);
                }
                default -> throw new IllegalArgumentException("unknown step kind '" + kind + "': expected search or train");
            };
        }
    }
}
