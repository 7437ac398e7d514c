package org.darts4j.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.darts4j.darts.experiment.ExperimentEngine;

/** Registers {@code --engine spark} ({@code META-INF/services}). */
public final class SparkProvider implements ExperimentEngine.Provider {
    @Override public String name() { return "spark"; }

    @Override public ExperimentEngine start(Path dir, String master, Map<String, String> settings, int threads, PrintStream log) throws IOException {
        return new SparkEngine(dir, master, settings, threads, log);
    }
}
