package org.darts4j.darts.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.darts4j.darts.ToyData;
import org.darts4j.darts.config.Data;
import org.darts4j.darts.curvature.EarlyStopping;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.hypergradient.HypergradientEstimator;
import org.darts4j.darts.search.method.SearchMethod;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTest {
    @TempDir Path dir;
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    private String toyData(int n) throws Exception { return ToyData.write(dir, n); }

    private static SearchConfig config(String data, String hypergradient, int epochs) {
        return SearchConfig.small().withData(Data.of(data)).withEpochs(epochs).withBatchSize(8).withSupernet(2, 3).withArchLr(3e-4)
                .withHypergradient(HypergradientEstimator.parse(hypergradient)).withSeed(1);
    }

    private static final class Killed extends RuntimeException {}

    @Test void searchWritesItsFolderAndResumesToTheSameBits() throws Exception {
        SearchConfig c = config(toyData(40), "first-order", 2);
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
        Genotype g = new Search(c, straight, quiet).run();
        for (String f : List.of("config.json", "metrics.csv", "alphas/epoch-001.npz", "alphas/epoch-002.npz", "alphas.csv", "genotypes.txt",
                "genotype.txt", "genotype.json", "normal.dot", "normal.svg", "normal.png", "reduce.dot", "reduce.svg", "reduce.png", "alpha_evolution.png", "checkpoint.json",
                "cells/epoch-001/normal.png", "cells/epoch-002/reduce.svg", "cells/epoch-002/reduce.dot", "log.txt"))
            assertTrue(Files.isRegularFile(straight.resolve(f)), f);
        assertEquals(g, Genotype.parse(Files.readString(straight.resolve("genotype.txt"))));
        assertEquals(3, Files.readAllLines(straight.resolve("metrics.csv")).size());
        assertEquals(1 + 2 * 2 * 14 * 8, Files.readAllLines(straight.resolve("alphas.csv")).size());

        assertThrows(Killed.class, () -> new Search(c, resumed, quiet).run(e -> { if (e == 1) throw new Killed(); }));
        Genotype g2 = new Search(SearchConfig.read(resumed.resolve("config.json")), resumed, quiet).run();
        String text = Files.readString(resumed.resolve("log.txt"));
        assertTrue(text.contains("epoch 1/2: train loss") && text.contains("resuming") && text.contains("epoch 2/2: train loss"),
                "log.txt holds what both runs printed: " + text);
        assertEquals(g, g2);
        Map<String, NpyArray> a = Npz.read(straight.resolve("checkpoint-epoch-0002.npz")), b = Npz.read(resumed.resolve("checkpoint-epoch-0002.npz"));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).values(), b.get(k).values(), 0.0, k);
        assertEquals(Files.readAllLines(straight.resolve("genotypes.txt")), Files.readAllLines(resumed.resolve("genotypes.txt")));
    }

    /** PC-DARTS (with β in its checkpoints) and GDAS (with its per-step Gumbel noise) are seeded and resume to the same bits. */
    @Test void pcDartsAndGdasSearchesAreReproducibleAndResumeToTheSameBits() throws Exception {
        String data = toyData(40);
        for (SearchMethod m : List.of(new SearchMethod.PcDarts(2, true), new SearchMethod.Gdas(10, 0.1))) {
            SearchConfig c = config(data, "first-order", 3).withMethod(m, 1);
            Path once = dir.resolve(m.label() + "-once"), twice = dir.resolve(m.label() + "-twice"), resumed = dir.resolve(m.label() + "-resumed");
            Genotype g = new Search(c, once, quiet).run();
            assertEquals(g, new Search(c, twice, quiet).run());
            assertThrows(Killed.class, () -> new Search(c, resumed, quiet).run(e -> { if (e == 2) throw new Killed(); }));
            assertEquals(g, new Search(SearchConfig.read(resumed.resolve("config.json")), resumed, quiet).run());
            for (Path other : List.of(twice, resumed)) {
                Map<String, NpyArray> a = Npz.read(once.resolve("checkpoint-epoch-0003.npz")), b = Npz.read(other.resolve("checkpoint-epoch-0003.npz"));
                assertEquals(a.keySet(), b.keySet());
                for (String k : a.keySet()) assertArrayEquals(a.get(k).values(), b.get(k).values(), 0.0, m.label() + " " + other.getFileName() + " " + k);
                assertEquals(Files.readAllLines(once.resolve("genotypes.txt")), Files.readAllLines(other.resolve("genotypes.txt")));
            }
            double[] first = Npz.read(once.resolve("alphas/epoch-001.npz")).get("softmax_alpha_normal").values();
            double[] third = Npz.read(once.resolve("alphas/epoch-003.npz")).get("softmax_alpha_normal").values();
            assertArrayEquals(initialSoftmax(c, m), first, 0.0, m.label() + ": α frozen in the warm-up epoch");
            assertTrue(!java.util.Arrays.equals(first, third), m.label() + ": α moves after the warm-up");
            Map<String, NpyArray> ck = Npz.read(once.resolve("checkpoint-epoch-0003.npz"));
            if (m instanceof SearchMethod.PcDarts) assertTrue(ck.keySet().stream().anyMatch(k -> k.contains("beta_normal")), "β is checkpointed: " + ck.keySet());
            assertEquals(m, SearchConfig.read(once.resolve("config.json")).method());
        }
    }

    private static double[] initialSoftmax(SearchConfig c, SearchMethod m) {
        SearchNetwork net = new SearchNetwork(SearchNetwork.Config.of(1, 8, 8, 2, c.supernet().c(), c.supernet().layers()), m, new Generator(c.seed()), DType.FLOAT32, false);
        return org.darts4j.autograd.F.softmax(net.alphaNormal(), -1).data().toDoubleArray();
    }

    @Test void secondOrderEstimatorsRunInASearch() throws Exception {
        String data = toyData(16);
        for (String h : List.of("finite-difference", "exact")) {
            Genotype g = new Search(config(data, h, 1), dir.resolve(h), quiet).run();
            assertEquals(8, g.normal().size());
        }
    }

    @Test void regressionSearchOnNonSquareKirigamiImages() throws Exception {
        // 32x80 fine-padded kirigami images, two MSE targets, R² reported in standardised units
        SearchConfig c = SearchConfig.small().withData(Data.of("kirigami-synthetic").withTrainSubset(24)).withEpochs(1).withBatchSize(6).withSupernet(2, 3)
                .withSeed(3).withTargets(List.of("toughness", "yield_strain"));
        Path run = dir.resolve("kirigami");
        Genotype g = new Search(c, run, quiet).run();
        assertEquals(8, g.reduce().size());
        List<String> m = Files.readAllLines(run.resolve("metrics.csv"));
        assertTrue(m.get(0).contains("train_r2") && m.get(0).contains("val_r2"), m.get(0));
        String[] row = m.get(1).split(",");
        for (String v : row) assertTrue(Double.isFinite(Double.parseDouble(v)), m.get(1));
    }

    /**
     * Both branches of the DARTS-ES rule, each required to occur: with k = 1 and a ratio just under 1 the search stops
     * at the first epoch whose eigenvalue is larger than the one before and returns the architecture of the epoch
     * before it; a search whose eigenvalue never rises runs every epoch. Seeds are tried until the stopping branch has run.
     */
    @Test void curvatureIsTrackedAndEarlyStoppingReturnsAnEarlierArchitecture() throws Exception {
        String data = toyData(16);
        boolean stopped = false;
        for (int seed = 1; seed <= 6 && !stopped; seed++) {
            SearchConfig base = config(data, "first-order", 4);
            SearchConfig c = base.withSeed(seed).withCurvature(true, EarlyStopping.parse("robust-darts:1:0.999999"));
            Path run = dir.resolve("curvature-" + seed);
            Genotype g = new Search(c, run, quiet).run();
            List<String> m = Files.readAllLines(run.resolve("metrics.csv"));
            assertTrue(m.get(0).endsWith(",dominant_eigenvalue"), m.get(0));
            List<Double> lambdas = new java.util.ArrayList<>();
            for (String row : m.subList(1, m.size())) lambdas.add(Double.parseDouble(row.substring(row.lastIndexOf(',') + 1)));
            int rose = 0;
            for (int i = 1; i < lambdas.size() && rose == 0; i++) if (lambdas.get(i - 1) / lambdas.get(i) < 0.999999) rose = i;
            if (rose > 0) {
                stopped = true;
                assertTrue(Files.exists(run.resolve("early_stop.json")));
                assertEquals(rose + 1, m.size() - 1, "stopped after the epoch where λ rose: " + lambdas);
                assertEquals(g, Genotype.parse(Files.readAllLines(run.resolve("genotypes.txt")).get(rose - 1).replaceFirst("^epoch \\d+: ", "")));
                assertEquals(g, new Search(c, run, quiet).run(), "a resumed folder that stopped early gives its result");
            } else {
                assertEquals(4, lambdas.size(), "never rose, so all epochs ran: " + lambdas);
                assertTrue(Files.notExists(run.resolve("early_stop.json")));
            }
        }
        assertTrue(stopped, "no seed of 1-6 made the eigenvalue rise, so the stopping branch went untested");
    }

    @Test void resumingWithAnotherConfigurationNamesTheFields() throws Exception {
        String data = toyData(16);
        Path run = dir.resolve("run");
        new Search(config(data, "first-order", 1), run, quiet).run();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Search(config(data, "exact", 2), run, quiet).run());
        assertTrue(e.getMessage().contains("epochs: 1 vs 2") && e.getMessage().contains("hypergradient: first-order vs exact"), e.getMessage());
    }

    @Test void sizesAReductionCannotHandleAreRefusedUpFront() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchNetwork.Config.of(1, 30, 80, 1, 4, 5));
        assertTrue(e.getMessage().contains("30x80") && e.getMessage().contains("divisible by 4"), e.getMessage());
        assertEquals(14, SearchNetwork.Config.of(1, 32, 80, 1, 4, 5).edges());
        new SearchNetwork(SearchNetwork.Config.of(1, 32, 80, 1, 2, 3), new Generator(0), DType.FLOAT32, true);
    }
}
