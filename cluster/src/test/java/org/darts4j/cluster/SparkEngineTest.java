package org.darts4j.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.darts4j.darts.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experiment --engine spark} in embedded local mode with 2 workers against {@code --engine local} with the same
 * threads per step: the same metrics, genotypes, checkpoints, α and tables, byte for byte wherever no time is recorded;
 * and a task made to fail once part-way, retried by Spark, resumed from its checkpoint, with the same results again.
 */
class SparkEngineTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    private PrintStream stdout, stderr;

    /** experiments/kirigami-synthetic.yaml shrunk to seconds: two seeds, its three models, one thread a step. */
    private static final String EXPERIMENT = """
            name: kirigami-synthetic-shrunk
            seeds: [0, 1]
            threads: 1
            search:
              dataset: kirigami-synthetic
              train-subset: 64
              epochs: 2
              channels: 2
              layers: 3
              batch-size: 16
            retrain:
              - dataset: kirigami-synthetic
                synthetic-rows: 60
                epochs: 2
                batch-size: 16
                darts: {channels: 2, layers: 3}
                resnet: {blocks: [1, 1]}
                random-forest: {trees: 5}
            """;

    @BeforeEach void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
        StepTask.faults = null;
    }

    private int experiment(Path folder, String... engine) throws IOException {
        Path cfg = dir.resolve("experiment.yaml");
        Files.writeString(cfg, EXPERIMENT);
        List<String> args = new ArrayList<>(List.of("experiment", "--config", cfg.toString(), "--out", folder.toString()));
        args.addAll(Arrays.asList(engine));
        return Main.execute(args.toArray(String[]::new));
    }

    @Test void sparkLocalModeGivesTheLocalEnginesResults() throws IOException {
        Path local = dir.resolve("local"), spark = dir.resolve("spark");
        assertEquals(0, experiment(local), err.toString());
        assertEquals(0, experiment(spark, "--engine", "spark", "--master", "local[2]"), err.toString());
        assertTrue(out.toString().contains("spark: local[2]") && out.toString().contains("1 thread per step"), out.toString());
        assertSameResults(local, spark);
        assertFalse(Files.exists(spark.resolve(SparkEngine.MARKER)), "the marker is removed when the engine closes");

        // again: every step is found finished, no task runs one
        out.reset();
        assertEquals(0, experiment(spark, "--engine", "spark", "--master", "local[2]"), err.toString());
        assertTrue(out.toString().contains("search seed 1: done") && !out.toString().contains("spark: 2 steps as tasks"), out.toString());
    }

    @Test void aTaskThatFailsOnceIsRetriedAndResumesFromItsCheckpoint() throws IOException {
        Path local = dir.resolve("local"), spark = dir.resolve("spark");
        assertEquals(0, experiment(local), err.toString());
        List<Integer> attempts = java.util.Collections.synchronizedList(new ArrayList<>());
        String target = spark.resolve("search").resolve("seed-0").toString();
        StepTask.faults = (folder, attempt) -> {
            if (!folder.equals(target)) return null;
            attempts.add(attempt);
            return attempt > 0 ? null : epochs -> { throw new IllegalStateException("injected fault after epoch " + epochs); };
        };
        // local[2, 2]: two workers, a task tried at most twice
        assertEquals(0, experiment(spark, "--engine", "spark", "--master", "local[2,2]"), err.toString());
        assertEquals(List.of(0, 1), attempts, "Spark ran the failed task again");
        String log = Files.readString(Path.of(target, "log.txt"));
        assertTrue(log.contains("resuming " + target + " after epoch 1"), log);
        assertSameResults(local, spark);
    }

    @Test void aTaskThatFailsOnEveryAttemptFailsTheExperimentInOneLine() throws IOException {
        StepTask.faults = (folder, attempt) -> epochs -> { throw new IllegalStateException("injected fault"); };
        assertEquals(1, experiment(dir.resolve("spark"), "--engine", "spark", "--master", "local[2,2]"));
        String e = err.toString().strip();
        assertTrue(e.contains("spark: a step failed on every attempt Spark allowed") && e.contains("injected fault"), e);
    }

    @Test void sparkSettingsBelongToTheSparkEngineAndUnknownEnginesAreRefused() throws IOException {
        assertTrue(experiment(dir.resolve("a"), "--master", "local[2]") != 0);
        assertTrue(err.toString().contains("--master and --conf are settings of --engine spark"), err.toString());
        err.reset();
        assertTrue(experiment(dir.resolve("b"), "--engine", "dask") != 0);
        assertTrue(err.toString().contains("unknown engine 'dask': expected local or spark"), err.toString());
        assertFalse(Files.exists(dir.resolve("a")) || Files.exists(dir.resolve("b")), "nothing is written before the refusal");
    }

    /** Every file of {@code a} is in {@code b} with the same bytes, times left out (log, event files, results.md, seconds columns; results.csv is compared without them). */
    static void assertSameResults(Path a, Path b) throws IOException {
        TreeSet<String> fa = files(a), fb = files(b);
        assertEquals(fa, fb);
        assertTrue(fa.contains("search/seed-0/genotype.txt") && fa.contains("retrain/0-kirigami-synthetic/resnet-seed-1/summary.json")
                && fa.stream().anyMatch(f -> f.startsWith("search/seed-1/checkpoint")), fa.toString());
        for (String f : fa) {
            Path x = a.resolve(f), y = b.resolve(f);
            if (f.endsWith(".csv")) assertEquals(untimedCsv(x), untimedCsv(y), f);
            else if (f.endsWith(".json")) assertEquals(untimedJson(x), untimedJson(y), f);
            else assertTrue(Arrays.equals(Files.readAllBytes(x), Files.readAllBytes(y)), f + " differs");
        }
    }

    private static TreeSet<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .filter(f -> !f.endsWith("log.txt") && !f.contains("tensorboard/") && !f.equals("experiment.json") && !f.equals("results.md"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The table without its columns of seconds or hours. */
    private static List<String> untimedCsv(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f);
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            StringBuilder kept = new StringBuilder();
            for (int i = 0; i < cells.length; i++)
                if (i >= header.size() || !(header.get(i).contains("seconds") || header.get(i).contains("hours"))) kept.append(cells[i]).append('|');
            out.add(kept.toString());
        }
        return out;
    }

    private static String untimedJson(Path f) throws IOException {
        var json = new ObjectMapper();
        var n = json.readTree(f.toFile());
        if (n instanceof ObjectNode o)
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) if (it.next().contains("seconds")) it.remove();
        return n.toString();
    }
}
