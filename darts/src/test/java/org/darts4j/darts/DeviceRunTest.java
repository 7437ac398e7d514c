package org.darts4j.darts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.darts4j.darts.config.Data;
import org.darts4j.darts.config.LrSchedule;
import org.darts4j.darts.config.Sgd;
import org.darts4j.darts.conformance.DeviceConformanceTest;
import org.darts4j.darts.hypergradient.HypergradientEstimator;
import org.darts4j.darts.search.Search;
import org.darts4j.darts.search.SearchConfig;
import org.darts4j.darts.train.RunConfig;
import org.darts4j.darts.train.Trainer;
import org.darts4j.datasets.kirigami.KirigamiView;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.cpu.CpuBackend;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs on the OpenCL backend (PoCL in CI) against the same runs on the CPU, in float64: a DARTS search and the
 * training of a ResNet and of a DARTS network agree to rounding after every step, and a killed search on the device
 * resumes to the same bits.
 */
class DeviceRunTest {
    @TempDir Path dir;
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    private static Backend opencl() { return DeviceConformanceTest.device("opencl"); }

    /** Every array of two checkpoints agrees to {@code tol} (relative to the larger magnitude, at least 1). */
    private static void sameCheckpoint(Path a, Path b, double tol) throws Exception {
        Map<String, NpyArray> x = Npz.read(a), y = Npz.read(b);
        assertEquals(x.keySet(), y.keySet());
        for (String k : x.keySet()) {
            double[] u = x.get(k).values(), v = y.get(k).values();
            assertEquals(u.length, v.length, k);
            for (int i = 0; i < u.length; i++) assertEquals(u[i], v[i], tol * Math.max(1, Math.abs(u[i])), k + "[" + i + "]");
        }
    }

    @Test void searchOnTheDeviceMatchesTheCpuAndResumesToTheSameBits() throws Exception {
        Backend gpu = opencl();
        String data = ToyData.write(dir, 24);
        SearchConfig c = SearchConfig.small().withData(Data.of(data)).withEpochs(2).withBatchSize(6).withSupernet(2, 3).withArchLr(3e-4)
                .withHypergradient(HypergradientEstimator.parse("finite-difference")).withSeed(1).withDtype(DType.parse("float64"));
        new Search(c, dir.resolve("cpu"), quiet, CpuBackend.get()).run();
        new Search(c, dir.resolve("device"), quiet, gpu).run();
        sameCheckpoint(dir.resolve("cpu/checkpoint-epoch-0002.npz"), dir.resolve("device/checkpoint-epoch-0002.npz"), 1e-9);

        class Killed extends RuntimeException {}
        assertThrows(Killed.class, () -> new Search(c, dir.resolve("resumed"), quiet, gpu).run(e -> { if (e == 1) throw new Killed(); }));
        new Search(c, dir.resolve("resumed"), quiet, gpu).run();
        sameCheckpoint(dir.resolve("device/checkpoint-epoch-0002.npz"), dir.resolve("resumed/checkpoint-epoch-0002.npz"), 0);
    }

    @Test void trainingOnTheDeviceMatchesTheCpu() throws Exception {
        Backend gpu = opencl();
        String data = ToyData.write(dir, 48);
        for (String model : List.of("small-resnet", "darts")) {
            RunConfig c = new RunConfig(TestModels.of(model, List.of(1, 1), 4, 0, 30, 8, model.equals("darts") ? org.darts4j.darts.genotype.Genotype.DARTS_V2.toString() : null, 4, 3, 0.4, 0.3), new Data(data, null, 0, KirigamiView.COARSE, List.of(), 0.8, 2000), 0.25, true, 0, 2, 16, new Sgd(0.025, 0.9, 5e-4, false, 0), new LrSchedule.Cosine(0), 7, 2, DType.parse("float64"), 1);
            new Trainer(c, dir.resolve(model + "-cpu"), quiet, false, CpuBackend.get()).run(null);
            new Trainer(c, dir.resolve(model + "-device"), quiet, false, gpu).run(null);
            sameCheckpoint(dir.resolve(model + "-cpu/checkpoint-epoch-0002.npz"), dir.resolve(model + "-device/checkpoint-epoch-0002.npz"), 1e-9);
        }
    }
}
