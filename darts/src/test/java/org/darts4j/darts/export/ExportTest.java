package org.darts4j.darts.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.darts4j.autograd.GradMode;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.ToyData;
import org.darts4j.darts.cli.Main;
import org.darts4j.darts.config.Data;
import org.darts4j.darts.evaluation.EvalNetwork;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.search.Search;
import org.darts4j.darts.search.SearchConfig;
import org.darts4j.darts.search.method.SearchMethod;
import org.darts4j.nn.checkpoint.StateDictIO;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trained network leaves darts4j by name and gives the same logits in PyTorch. */
class ExportTest {
    @TempDir Path dir;

    /** PyTorch from Debian's python3-torch; required under CI (CI=true), otherwise the comparison is skipped when absent. */
    private static void requireTorch() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean there;
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, numpy").redirectErrorStream(true).start();
            there = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            there = false;
        }
        if (ci) assertTrue(there, "CI=true but /usr/bin/python3 has no torch and numpy (apt-get install -y python3-torch)");
        Assumptions.assumeTrue(there, "no PyTorch at /usr/bin/python3: the PyTorch comparison is skipped");
    }

    @Test void aTrainedDartsNetworkGivesTheSameLogitsInPyTorch() throws Exception {
        String data = ToyData.write(dir, 48);
        Path run = dir.resolve("train"), out = dir.resolve("export/model.npz");
        assertEquals(0, Main.execute("train", "--model", "darts", "--genotype", "DARTS_V2", "--channels", "4", "--layers", "3", "--dataset", data,
                "--epochs", "1", "--batch-size", "8", "--threads", "2", "--out", run.toString()));
        assertEquals(0, Main.execute("export", run.toString(), "--out", out.toString()));
        Map<String, Object> side = new com.fasterxml.jackson.databind.ObjectMapper().readValue(dir.resolve("export/model.json").toFile(), Map.class);
        assertEquals("darts", side.get("model"));
        assertEquals(1, side.get("in_channels"));
        assertEquals(2, side.get("num_classes"));
        assertEquals(Genotype.DARTS_V2, Genotype.parse((String) side.get("genotype")));

        // the exported arrays load by name, strictly, into a network built from the side file, and it gives these logits
        EvalNetwork net = new EvalNetwork(Genotype.DARTS_V2, new EvalNetwork.Config(1, 8, 8, 2, 4, 3, (Boolean) side.get("auxiliary")), new Generator(99), DType.FLOAT32);
        StateDictIO.load(net, out, true);
        net.eval();
        Tensor x = Tensor.normal(new Generator(5), DType.FLOAT32, 0, 1, 4, 1, 8, 8);
        Tensor logits;
        try (var g = GradMode.noGrad()) {
            logits = net.forward(Variable.constant(x)).data();
        }
        Path inputs = dir.resolve("inputs.npz");
        Npz.write(inputs, Map.of("x", NpyArray.of(x), "logits", NpyArray.of(logits)));

        requireTorch();
        Path root = Path.of("").toAbsolutePath().getParent();
        Process p = new ProcessBuilder("/usr/bin/python3", root.resolve("scripts/torch_load_export.py").toString(), out.toString(), "--check", inputs.toString())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), text);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("match"), text);
    }

    @Test void aSearchFolderExportsItsSupernetAndArchitecture() throws Exception {
        String data = ToyData.write(dir, 32);
        Path run = dir.resolve("search");
        new Search(SearchConfig.small().withData(Data.of(data)).withEpochs(1).withBatchSize(8).withSupernet(2, 3).withSeed(1)
                .withMethod(new SearchMethod.PcDarts(2, true), 0), run, new PrintStream(new ByteArrayOutputStream())).run();
        Export.Written w = Export.write(run, dir.resolve("supernet.npz"), s -> { });
        Map<String, NpyArray> a = Npz.read(w.npz());
        for (String k : List.of("alphas_normal", "alphas_reduce", "betas_normal", "betas_reduce", "stem.0.weight", "cells.0._ops.0._ops.4.op.1.weight"))
            assertTrue(a.containsKey(k), k + " in " + a.keySet().stream().limit(8).toList());
        assertEquals(14, a.get("betas_normal").shape().dim(0));
        assertTrue(Files.readString(w.sideFile()).contains("\"genotype\""));

        var e = assertThrows(IllegalArgumentException.class, () -> Export.write(run, dir.resolve("supernet.pt"), s -> { }));
        assertTrue(e.getMessage().contains("ending in .npz"), e.getMessage());
        var e2 = assertThrows(java.io.IOException.class, () -> Export.write(dir, dir.resolve("x.npz"), s -> { }));
        assertTrue(e2.getMessage().contains("not a run folder"), e2.getMessage());
    }
}
