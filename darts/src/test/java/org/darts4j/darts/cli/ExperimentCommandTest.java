package org.darts4j.darts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.darts4j.darts.ToyData;
import org.darts4j.darts.experiment.Report;
import org.darts4j.darts.run.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code darts4j experiment}: the whole pipeline on toy data, its resumption, and the refusal of bad files before anything runs. */
class ExperimentCommandTest extends CommandLineTest {
    @TempDir Path dir;

    private String config(String data, String extraSearch, String extraEntry, String extraTop) {
        return """
                {"name": "toy", "seeds": [0, 1], "threads": 2 %s,
                 "search": {"dataset": "%s", "epochs": 2, "channels": 2, "layers": 3, "batch-size": 16 %s},
                 "retrain": [
                   {"dataset": "%s", "epochs": 1, "batch-size": 16, "val-fraction": 0.25,
                    "darts": {"channels": 2, "layers": 3}, "resnet": {"blocks": [1, 1]} %s},
                   {"dataset": "kirigami-synthetic", "synthetic-rows": 60, "epochs": 1, "batch-size": 16, "view": "fine-padded",
                    "darts": {"channels": 2, "layers": 3}, "resnet": {"blocks": [1, 1]}, "random-forest": {"trees": 5}}]}
                """.formatted(extraTop, data, extraSearch, data, extraEntry);
    }

    @Test void searchRetrainTransferBaselinesTableAndResume() throws Exception {
        String data = ToyData.write(dir, 96);
        Path cfg = dir.resolve("toy.json"), exp = dir.resolve("exp");
        Files.writeString(cfg, config(data, "", "", ""));
        assertEquals(0, Main.execute("experiment", "--config", cfg.toString(), "--out", exp.toString()), err.toString());
        for (String f : List.of("experiment.json", "results.md", "results.csv", "results.png", "sparsity.png", "search/seed-0/genotype.txt",
                "search/seed-1/sparsity.csv", "search/seed-1/sparsity_entropy.png", "retrain/0-npz-toy.npz/darts-searched-seed-1/summary.json",
                "retrain/0-npz-toy.npz/resnet-seed-0/summary.json", "retrain/1-kirigami-synthetic/darts-searched-seed-0/summary.json",
                "retrain/1-kirigami-synthetic/random-forest-seed-1/summary.json"))
            assertTrue(Files.isRegularFile(exp.resolve(f)), f);
        List<Report.Row> csv = new CsvTable<>(Report.Row.class).read(exp.resolve("results.csv"));   // read by its header, as a CSV reader would
        // toy: DARTS, ResNet; kirigami (transfer, regression, random forest by default): DARTS, ResNet, random forest
        assertEquals(5, csv.size(), csv.toString());
        String searched = "DARTS cell (searched on " + data + " by DARTS)";
        assertEquals(List.of(data, searched, 2, "accuracy"), List.of(csv.get(0).dataset(), csv.get(0).model(), csv.get(0).runs(), csv.get(0).metric()));
        assertEquals(List.of("kirigami-synthetic", searched, 2, "r2"), List.of(csv.get(2).dataset(), csv.get(2).model(), csv.get(2).runs(), csv.get(2).metric()));
        assertEquals(List.of("kirigami-synthetic", "random-forest", 2), List.of(csv.get(4).dataset(), csv.get(4).model(), csv.get(4).runs()));
        String md = Files.readString(exp.resolve("results.md"));
        assertTrue(md.contains("## Trained on kirigami-synthetic") && md.contains("test R² (mean ± std)") && md.contains("| DARTS cell (searched on"), md);

        // the ResNet is matched to the DARTS network of the same seed
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        long darts = json.readTree(exp.resolve("retrain/0-npz-toy.npz/darts-searched-seed-0/summary.json").toFile()).get("parameters").asLong();
        long resnetTarget = json.readTree(exp.resolve("retrain/0-npz-toy.npz/resnet-seed-0/config.json").toFile()).get("model").get("paramsLike").asLong();
        assertEquals(darts, resnetTarget);

        // again on the same folder: every step is found finished, nothing is retrained
        long before = Files.getLastModifiedTime(exp.resolve("retrain/0-npz-toy.npz/darts-searched-seed-0/summary.json")).toMillis();
        out.reset();
        assertEquals(0, Main.execute("experiment", "--config", cfg.toString(), "--out", exp.toString()), err.toString());
        assertTrue(out.toString().contains("resuming experiment toy") && out.toString().contains("search seed 1: done"), out.toString());
        assertFalse(out.toString().contains("== "), out.toString());
        assertEquals(before, Files.getLastModifiedTime(exp.resolve("retrain/0-npz-toy.npz/darts-searched-seed-0/summary.json")).toMillis());

        // another configuration in the same folder is refused
        Files.writeString(cfg, config(data, ", \"lr\": 0.01", "", ""));
        assertEquals(1, Main.execute("experiment", "--config", cfg.toString(), "--out", exp.toString()));
        assertTrue(err.toString().contains("holds another experiment"), err.toString());
    }

    @Test void badFieldsAreRefusedBeforeAnythingRunsNamingTheField() throws Exception {
        String data = ToyData.write(dir, 32);
        record Case(String search, String entry, String top, String expected) {}
        List<Case> cases = List.of(
                new Case("", "", ", \"colour\": 1", "unknown field 'colour'"),
                new Case(", \"epochz\": 3", "", "", "search.epochz: unknown field"),
                new Case(", \"seed\": 3", "", "", "search.seed: set by the experiment itself"),
                new Case("", ", \"width_factor\": 2", "", "retrain[0].width-factor: unknown field"),
                new Case("", ", \"epochs\": \"many\"", "", "retrain[0].epochs: expected int, got many"),
                new Case("", ", \"models\": [\"darts\", \"vgg16\"]", "", "retrain[0].models: unknown model 'vgg16'"),
                new Case("", ", \"resnet\": {\"depth\": 3}", "", "retrain[0].resnet.depth: unknown field"),
                new Case(", \"hypergradient\": \"magic\"", "", "", "search: unknown hypergradient"),
                new Case(", \"method\": \"enas\"", "", "", "search: unknown search method 'enas'"),
                new Case(", \"method\": \"gdas\", \"partial-channels\": 2", "", "", "search: --partial-channels and --no-edge-normalization are options of --method pc-darts"));
        for (Case c : cases) {
            Path cfg = dir.resolve("bad.json");
            Files.writeString(cfg, config(data, c.search(), c.entry(), c.top()));
            err.reset();
            assertEquals(1, Main.execute("experiment", "--config", cfg.toString(), "--out", dir.resolve("never").toString()), c.toString());
            assertTrue(err.toString().contains(c.expected()), c + " -> " + err);
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
            assertFalse(Files.exists(dir.resolve("never")), "nothing is written for " + c);
        }
        Path cfg = dir.resolve("bad.json");
        Files.writeString(cfg, config("imagenet", "", "", ""));
        err.reset();
        assertEquals(1, Main.execute("experiment", "--config", cfg.toString(), "--out", dir.resolve("never").toString()));
        assertTrue(err.toString().contains("search: unknown data set 'imagenet'"), err.toString());
        assertFalse(Files.exists(dir.resolve("never")));
    }

    @Test void yamlFilesAreReadAndChecked() throws Exception {
        String data = ToyData.write(dir, 32);
        Path cfg = dir.resolve("e.yaml");
        Files.writeString(cfg, """
                name: yaml-toy
                seeds: [3]
                search:
                  dataset: %s
                  train_subset: 32
                  method: pc-darts
                  partial-channels: 2
                  warmup-epochs: 0
                retrain:
                  - dataset: %s
                    models: [darts]
                    darts: {channels: 2, layers: 3}
                genotypes: [DARTS_V1]
                """.formatted(data, data));
        assertEquals(0, Main.execute("experiment", "--config", cfg.toString(), "--check"), err.toString());
        assertTrue(out.toString().contains("valid; 1 searches, 1 data sets"), out.toString());
    }
}
