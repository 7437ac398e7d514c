package org.darts4j.darts.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.darts4j.darts.run.Progress;
import org.darts4j.tensor.Backend;

/**
 * What runs the steps of an experiment's stages: {@link #LOCAL} one after another in this JVM (the default), or another
 * engine a {@link Provider} registers through {@link ServiceLoader} (the {@code darts4j-cluster} module's {@code spark}:
 * every step a task of Apache Spark). The stages are the searches, then every training whose configuration is known,
 * then the parameter-matched ResNets (whose width waits for the DARTS networks' parameter counts); the results table is
 * made from the run folders afterwards, whichever engine ran them.
 */
public interface ExperimentEngine extends AutoCloseable {
    /**
     * The threads each step runs with, when the engine decides it (Spark: {@code spark.task.cpus}); 0 when the
     * experiment's {@code threads} field does.
     */
    default int threadsPerStep() { return 0; }

    /** Runs every step of one stage (none of them finished yet); returns when all are finished, or throws. */
    void run(List<Step> stage, PrintStream log, Backend device) throws IOException;

    @Override default void close() {}

    /** One step after another, here, with a line before each and one after it with the stage's time left. */
    ExperimentEngine LOCAL = (stage, log, device) -> {
        try (Progress progress = new Progress(log, false, "stage:", stage.size(), "steps").verbose(true)) {
            int done = 0;
            for (Step s : stage) {
                log.printf("== step %d/%d: %s -> %s%n", done + 1, stage.size(), s.describe(), s.dir());
                s.run(log, device, null);
                progress.update(++done, s.describe() + " done");
            }
        }
    };

    /** An engine by name, for {@code experiment --engine NAME}. */
    interface Provider {
        String name();

        /**
         * Starts the engine for the experiment folder {@code dir}: {@code master} (null: the provider's default) and
         * {@code settings} are the engine's own (Spark's master URL and {@code --conf} pairs); {@code threads} is the
         * experiment's threads per step (0: unset).
         */
        ExperimentEngine start(java.nio.file.Path dir, String master, Map<String, String> settings, int threads, PrintStream log) throws IOException;
    }

    /** The names {@code --engine} accepts: local and the registered providers'. */
    static List<String> names() {
        List<String> n = new java.util.ArrayList<>(List.of("local"));
        ServiceLoader.load(Provider.class).forEach(p -> n.add(p.name()));
        return n;
    }

    /** The provider named {@code name}, or a one-line refusal saying what is missing. */
    static Provider provider(String name) {
        for (Provider p : ServiceLoader.load(Provider.class)) if (p.name().equals(name)) return p;
        throw new IllegalArgumentException("unknown engine '" + name + "': expected local" + (name.equals("spark")
                ? " (the spark engine is in the darts4j-cluster module, which is not on the class path: ./darts4j puts it there when"
                  + " it is built, mvn -pl cluster -am package)" : " or spark"));
    }
}
