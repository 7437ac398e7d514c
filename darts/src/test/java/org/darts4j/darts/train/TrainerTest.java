package org.darts4j.darts.train;

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
import org.darts4j.darts.TestModels;
import org.darts4j.darts.ToyData;
import org.darts4j.darts.config.Data;
import org.darts4j.darts.config.LrSchedule;
import org.darts4j.darts.config.Sgd;
import org.darts4j.datasets.kirigami.KirigamiView;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir Path dir;
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    private String toyData(int n) throws Exception { return ToyData.write(dir, n); }

    private static RunConfig config(String model, String dataset, int epochs, double lr) { return config(model, dataset, epochs, lr, null); }

    private static RunConfig config(String model, String dataset, int epochs, double lr, String genotype) {
        return new RunConfig(TestModels.of(model, List.of(1, 1), 4, 0, 30, 8, genotype, 4, 3, 0.4, 0.3), new Data(dataset, null, 0, KirigamiView.COARSE, List.of(), 0.8, 2000), 0.25, true, 0, epochs, 16, new Sgd(lr, 0.9, 5e-4, false, 0), new LrSchedule.Cosine(0), 7, 2, DType.parse("float32"), 1);
    }

    /** Stops a run right after a checkpoint, as a kill would. */
    private static final class Killed extends RuntimeException {}

    @Test void killedRunResumesToTheSameBits() throws Exception {
        String data = toyData(96);
        RunConfig c = config("small-resnet", data, 3, 0.05);
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
        new Trainer(c, straight, quiet, false).run(null);
        assertThrows(Killed.class, () -> new Trainer(c, resumed, quiet, false).run(e -> { if (e == 1) throw new Killed(); }));
        assertTrue(Files.readString(resumed.resolve("checkpoint.json")).contains("\"epochs_done\" : 1"));
        new Trainer(RunConfig.read(resumed.resolve("config.json")), resumed, quiet, false).run(null);
        Map<String, NpyArray> a = Npz.read(straight.resolve("checkpoint-epoch-0003.npz")), b = Npz.read(resumed.resolve("checkpoint-epoch-0003.npz"));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).values(), b.get(k).values(), 0.0, k);
        List<String> ma = Files.readAllLines(straight.resolve("metrics.csv")), mb = Files.readAllLines(resumed.resolve("metrics.csv"));
        assertEquals(4, mb.size());
        for (int i = 0; i < ma.size(); i++)
            assertEquals(ma.get(i).substring(0, ma.get(i).lastIndexOf(',')), mb.get(i).substring(0, mb.get(i).lastIndexOf(',')), "metrics row " + i);
        for (String f : List.of("config.json", "metrics.csv", "curves.png", "summary.json")) assertTrue(Files.isRegularFile(resumed.resolve(f)), f);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var summary = json.readTree(resumed.resolve("summary.json").toFile());
        var uninterrupted = json.readTree(straight.resolve("summary.json").toFile());
        assertEquals(uninterrupted.get("test_accuracy").asDouble(), summary.get("test_accuracy").asDouble(), 0.0, "the resumed run's test accuracy is the uninterrupted one's");
        assertEquals(uninterrupted.get("parameters").asLong(), summary.get("parameters").asLong());
    }

    /** Drop path draws from a generator seeded per epoch, so a resumed DARTS network run repeats the uninterrupted one. */
    @Test void dartsNetworkWithDropPathAndAuxiliaryHeadResumesToTheSameBits() throws Exception {
        String data = toyData(64);
        RunConfig c = config("darts", data, 3, 0.025, org.darts4j.darts.genotype.Genotype.DARTS_V2.toString());
        Path straight = dir.resolve("d-straight"), resumed = dir.resolve("d-resumed");
        Map<String, Object> s = new Trainer(c, straight, quiet, false).run(null);
        assertThrows(Killed.class, () -> new Trainer(c, resumed, quiet, false).run(e -> { if (e == 2) throw new Killed(); }));
        new Trainer(RunConfig.read(resumed.resolve("config.json")), resumed, quiet, false).run(null);
        Map<String, NpyArray> a = Npz.read(straight.resolve("checkpoint-epoch-0003.npz")), b = Npz.read(resumed.resolve("checkpoint-epoch-0003.npz"));
        assertTrue(a.keySet().stream().anyMatch(k -> k.startsWith("model.auxiliary_head.")), a.keySet().toString());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).values(), b.get(k).values(), 0.0, k);
        long inference = ((Number) s.get("parameters")).longValue(), all = ((Number) s.get("parameters_with_auxiliary_head")).longValue();
        assertTrue(inference > 0 && all > inference, s.toString());
        assertEquals(((org.darts4j.darts.train.Model.DartsNetwork) c.model()).genotype(), s.get("genotype"));
    }

    @Test void dartsNetworkNeedsAGenotype() {
        var e = assertThrows(IllegalArgumentException.class, () -> config("darts", "mnist", 1, 0.1, null));
        assertTrue(e.getMessage().contains("--genotype"), e.getMessage());
    }

    @Test void nonFiniteLossStopsWithTheStep() throws Exception {
        String data = toyData(64);
        RunConfig c = config("small-resnet", data, 3, 1e12);
        Path run = dir.resolve("nan");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> new Trainer(c, run, quiet, false).run(null));
        assertTrue(e.getMessage().matches("loss is (NaN|Infinity|-Infinity) at step \\d+ \\(epoch \\d, batch \\d+\\); stopped\\..*"), e.getMessage());
    }

    @Test void randomForestReportsR2OnTheCoarseGrid() throws Exception {
        RunConfig c = config("random-forest", "kirigami-synthetic", 1, 0.1);
        Map<String, Object> s = new Trainer(c, dir.resolve("rf"), quiet, false).run(null);
        double r2 = (double) s.get("test_r2");
        assertTrue(r2 > 0.6, "R² " + r2);
        assertTrue(Files.isRegularFile(dir.resolve("rf/summary.json")));
    }

    @Test void unknownModelListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config("vgg16", "mnist", 1, 0.1));
        assertTrue(e.getMessage().contains("unknown model 'vgg16'") && e.getMessage().contains("resnet20"), e.getMessage());
    }
}
