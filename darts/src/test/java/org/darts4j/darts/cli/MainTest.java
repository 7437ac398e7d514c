package org.darts4j.darts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, the closing line, one-line errors. */
class MainTest extends CommandLineTest {
    @TempDir Path dir;

    /** The GPU backends come in through ServiceLoader (darts names no class of gpu) and say what they see or why not. */
    @Test void devicesListsTheCpuAndEveryRegisteredBackend() {
        assertEquals(0, Main.execute("devices"));
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("cpu: ") && lines.get(0).contains("cores available"), out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("cuda: ")), out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("opencl: ")), out.toString());
        assertFalse(lines.stream().anyMatch(l -> l.contains("drivers registered: [") && !l.contains("drivers registered: []"))
                && lines.stream().anyMatch(l -> l.contains("the backend does not start")), "an OpenCL driver is registered but OpenCL does not start: " + out);
    }

    @Test void quietPrintsNothingAndLogTxtKeepsWhatARunPrinted(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        String data = org.darts4j.darts.ToyData.write(tmp, 32);
        Path run = tmp.resolve("run");
        assertEquals(0, Main.execute("search", "--quiet", "--dataset", data, "--epochs", "1", "--channels", "2", "--layers", "3", "--batch-size", "8",
                "--threads", "2", "--out", run.toString()));
        assertEquals("", out.toString());
        String log = Files.readString(run.resolve("log.txt"));
        assertTrue(log.contains("search on " + data) && log.contains("epoch 1/1: train loss"), log);
        assertEquals(0, Main.execute("devices", "--verbose"));
        assertTrue(out.toString().startsWith("cpu: "), out.toString());
        assertEquals(2, Main.execute("devices", "--quiet", "--verbose"));
        assertTrue(err.toString().contains("--quiet and --verbose exclude each other"), err.toString());
    }

    /** Help shows the defaults, from where they are defined: the presets, the estimators' registry, the options' own. */
    @Test void helpShowsDefaultsAndEveryEstimator() {
        assertEquals(0, Main.execute("search", "--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        for (String name : org.darts4j.darts.hypergradient.HypergradientEstimator.NAMES) assertTrue(help.contains(name), name + " in " + help);
        assertTrue(help.contains("Default: " + org.darts4j.darts.search.SearchConfig.small().epochs() + " (small preset), 50 (paper)"), help);
        assertTrue(help.contains("Default: cpu"), "an option's own default is shown: " + help);
        assertFalse(help.contains("${sys:"), help);
    }

    @Test void conformanceOnTheRepositoryOpsPasses() {
        Path ops = org.darts4j.darts.conformance.ConformanceTest.repositoryCases().resolve("ops");
        assertEquals(0, Main.execute("conformance", "--threads", "2", ops.toString()));
        String[] lines = out.toString().strip().split("\n");
        assertTrue(lines[lines.length - 1].matches("\\d+ passed, 0 failed, \\d+ skipped"), lines[lines.length - 1]);
    }

    @Test void failingCaseGivesExitOneAndNamesTheArray() throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"kind\":\"op\",\"op\":\"relu\",\"inputs\":[\"x\"],\"rtol\":1e-10,\"atol\":1e-10}");
        Tensor x = Tensor.of(new double[] {-1, 2}, 2);
        Npz.write(dir.resolve("bad.npz"), Map.of("x", NpyArray.of(x), "out", NpyArray.of(Tensor.of(new double[] {0, 3}, 2)),
                "grad_out", NpyArray.of(Tensor.ones(DType.FLOAT64, 2))));
        assertEquals(1, Main.execute("conformance", dir.toString()));
        assertTrue(out.toString().contains("FAIL") && out.toString().contains("out[1]"), out.toString());
        assertTrue(out.toString().contains("0 passed, 1 failed, 0 skipped"));
    }

    @Test void corruptNpzIsOneLineFailure() throws Exception {
        Files.writeString(dir.resolve("c.json"), "{\"kind\":\"op\",\"op\":\"relu\",\"inputs\":[\"x\"],\"rtol\":1e-10,\"atol\":1e-10}");
        Files.writeString(dir.resolve("c.npz"), "garbage");
        assertEquals(1, Main.execute("conformance", dir.toString()));
        assertTrue(out.toString().contains("c.npz") && out.toString().contains("not an NPZ"), out.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }

    @Test void badOptionsAreOneLineErrors() {
        assertEquals(1, Main.execute("conformance", "--dtype", "int8", dir.toString()));
        assertTrue(err.toString().contains("unknown dtype 'int8': expected float32 or float64"), err.toString());
        assertEquals(1, Main.execute("conformance", "--device", "tpu", dir.toString()));
        assertTrue(err.toString().contains("unknown device 'tpu'"), err.toString());
        assertEquals(2, Main.execute("conformance", "--bogus", dir.toString()));
        assertEquals(1, Main.execute("conformance", dir.resolve("nothing-here").toString()));
        assertTrue(err.toString().contains("no such file or folder"));
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test void trainTheEvaluationNetworkOfAPublishedCell() throws Exception {
        String data = org.darts4j.darts.ToyData.write(dir, 48);
        Path run = dir.resolve("darts-v1");
        assertEquals(0, Main.execute("train", "--model", "darts", "--genotype", "DARTS_V1", "--dataset", data, "--channels", "2", "--layers", "3",
                "--epochs", "1", "--batch-size", "16", "--threads", "2", "--out", run.toString()), err.toString());
        var config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertEquals(org.darts4j.darts.genotype.Genotype.DARTS_V1.toString(), config.get("model").get("genotype").asText());
        assertEquals(0.025, config.get("optimizer").get("lr").asDouble(), 0.0);          // the reference's train.py defaults for this model
        assertEquals(5.0, config.get("optimizer").get("gradClip").asDouble(), 0.0);
        assertTrue(Files.isRegularFile(run.resolve("summary.json")) && out.toString().contains("DARTS network (C = 2, 3 cells"), out.toString());
        err.reset();
        assertEquals(1, Main.execute("train", "--model", "resnet20", "--genotype", "DARTS_V1", "--dataset", data, "--out", dir.resolve("r").toString()));
        assertTrue(err.toString().contains("--genotype is for --model darts"), err.toString());
        err.reset();
        assertEquals(1, Main.execute("train", "--model", "darts", "--dataset", data, "--out", dir.resolve("d").toString()));
        assertTrue(err.toString().contains("--model darts needs --genotype"), err.toString());
    }

    @Test void dataInfoOnKirigamiRowsWritesJsonAndPng() throws Exception {
        Path rows = dir.resolve("rows.dat");   // three rows in the published format (cut grid, yield strain, toughness, stress)
        Files.writeString(rows, "1 1 1 1 1 1 0 0 0 0 1 1 1 0 0 0.310000 6.100000 31.500000\n"
                + "0 0 1 1 0 1 0 0 1 1 1 1 0 1 0 0.420000 10.750000 38.250000\n"
                + "0 1 1 1 1 0 0 0 1 0 1 1 1 1 1 0.270000 5.125000 35.875000\n");
        Path png = dir.resolve("grid.png");
        assertEquals(0, Main.execute("data", "info", "--dataset", "kirigami:" + rows, "--train-fraction", "0.5", "--split", "test",
                "--json", "--png", png.toString()));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString().strip());
        assertEquals(2, json.get("examples").asInt());
        assertEquals("[1,32,80]", json.get("image_shape").toString());
        assertEquals("yield_strain", json.get("targets").get(0).get("name").asText());
        assertEquals((0.42 + 0.27) / 2, json.get("targets").get(0).get("mean").asDouble(), 1e-6, "the test split is the last two rows");
        var image = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 80 && image.getHeight() > 32, image.getWidth() + "x" + image.getHeight());
        assertTrue(err.toString().contains("warning") && err.toString().contains("git blob id"), err.toString());
    }

    @Test void dataInfoTextOnSyntheticKirigami() {
        assertEquals(0, Main.execute("data", "info", "--dataset", "kirigami-synthetic", "--samples", "0"));
        assertTrue(out.toString().contains("examples: 1600") && out.toString().contains("yield_strain"), out.toString());
    }

    @Test void missingDataSaysWhereItLookedInOneLine() {
        assertEquals(1, Main.execute("data", "info", "--dataset", "cifar10", "--data-dir", dir.toString()));
        String e = err.toString().strip();
        assertTrue(e.startsWith("darts4j: error: cifar10 (train split)") && e.contains(dir.toString()) && e.contains("data download"), e);
        assertFalse(e.contains("\n"));
        assertEquals(1, Main.execute("data", "info", "--dataset", "imagenet"));
        assertTrue(err.toString().contains("unknown data set 'imagenet'"));
        assertEquals(1, Main.execute("data", "info", "--dataset", "kirigami-synthetic", "--view", "huge"));
        assertTrue(err.toString().contains("unknown kirigami view 'huge'"));
    }
}
