package org.darts4j.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.darts4j.nn.layers.Linear;
import org.darts4j.nn.metrics.Metrics;
import org.darts4j.nn.optim.Sgd;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: verified by SHA-256, two kept with a fall back, none written with a NaN, identical bytes for identical state. */
class CheckpointTest {
    @TempDir Path dir;

    private static Linear model(long seed) { return new Linear(6, 3, true, new Generator(seed), DType.FLOAT32); }

    /** Saves epochs 1..epochs of a model whose weights are shifted by the epoch, so that each checkpoint differs. */
    private static void saveEpochs(Path d, Linear m, int epochs, int keep) throws IOException {
        Sgd opt = new Sgd(m.parameters(), 0.1, 0.9, 0, false);
        for (int e = 1; e <= epochs; e++) {
            m.parameters().get(0).data().assign(m.parameters().get(0).data().add(1.0));
            Checkpoint.save(d, e, e * 10L, m, opt, Map.of("g", new Generator(e)), null, keep);
        }
    }

    private static List<Path> npzFiles(Path d) throws IOException {
        try (var s = Files.list(d)) { return s.filter(p -> p.toString().endsWith(".npz")).sorted().toList(); }
    }

    @Test void twoAreKeptByDefaultAndAllWhenAsked() throws Exception {
        saveEpochs(dir.resolve("two"), model(1), 4, Checkpoint.DEFAULT_KEEP);
        assertEquals(List.of("checkpoint-epoch-0003.npz", "checkpoint-epoch-0004.npz"),
                npzFiles(dir.resolve("two")).stream().map(p -> p.getFileName().toString()).toList());
        saveEpochs(dir.resolve("all"), model(1), 4, Checkpoint.KEEP_ALL);
        assertEquals(4, npzFiles(dir.resolve("all")).size());
        assertThrows(IllegalArgumentException.class, () -> saveEpochs(dir.resolve("none"), model(1), 1, 0));
    }

    @Test void aDamagedNewestCheckpointFallsBackToTheOneBefore() throws Exception {
        Linear m = model(1);
        saveEpochs(dir, m, 3, Checkpoint.DEFAULT_KEEP);
        Linear atTwo = model(1);
        saveEpochs(dir.resolve("reference"), atTwo, 2, 1);
        Path newest = dir.resolve("checkpoint-epoch-0003.npz");
        byte[] b = Files.readAllBytes(newest);
        b[b.length / 2] ^= 0x10;   // one flipped bit in the middle of an array
        Files.write(newest, b);
        List<String> warnings = new ArrayList<>();
        Linear restored = model(99);
        Checkpoint.Position p = Checkpoint.load(dir, restored, new Sgd(restored.parameters(), 0.1, 0.9, 0, false), Map.of("g", new Generator(0)), warnings::add);
        assertEquals(2, p.epochsDone());
        assertEquals(20, p.step());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("checkpoint-epoch-0003.npz") && warnings.get(0).contains("SHA-256"), warnings.get(0));
        assertArrayEquals(atTwo.parameters().get(0).data().toDoubleArray(), restored.parameters().get(0).data().toDoubleArray(), 0.0);

        Files.delete(dir.resolve("checkpoint-epoch-0002.npz"));
        IOException none = assertThrows(IOException.class, () -> Checkpoint.load(dir, restored, null, Map.of(), w -> { }));
        assertTrue(none.getMessage().contains("no intact checkpoint"), none.getMessage());
    }

    @Test void aCheckpointWithANaNIsNotWritten() throws Exception {
        Linear m = model(1);
        saveEpochs(dir, m, 1, Checkpoint.DEFAULT_KEEP);
        byte[] manifest = Files.readAllBytes(dir.resolve(Checkpoint.JSON));
        Tensor w = m.parameters().get(1).data();
        double[] v = w.toDoubleArray();
        v[1] = Double.NaN;
        w.assign(Tensor.fromArray(DType.FLOAT32, v, w.dims()));
        Checkpoint.NonFiniteException e = assertThrows(Checkpoint.NonFiniteException.class,
                () -> Checkpoint.save(dir, 2, 20, m, null, Map.of(), null));
        assertTrue(e.getMessage().contains("model.") && e.getMessage().contains("NaN"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("checkpoint-epoch-0002.npz")));
        assertArrayEquals(manifest, Files.readAllBytes(dir.resolve(Checkpoint.JSON)), "the manifest still names epoch 1");
    }

    @Test void identicalStateGivesIdenticalFiles() throws Exception {
        saveEpochs(dir.resolve("a"), model(5), 2, 2);
        Thread.sleep(1100);
        saveEpochs(dir.resolve("b"), model(5), 2, 2);
        for (String f : List.of("checkpoint-epoch-0001.npz", "checkpoint-epoch-0002.npz", Checkpoint.JSON))
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
    }

    @Test void theAccuracyOfNaNLogitsIsNaN() {
        Tensor logits = Tensor.fromArray(DType.FLOAT32, new double[] {Double.NaN, Double.NaN, 1, 0}, 2, 2);
        assertTrue(Double.isNaN(Metrics.accuracy(logits, new int[] {0, 0})));
        assertEquals(1.0, Metrics.accuracy(Tensor.fromArray(DType.FLOAT32, new double[] {2, 1, 1, 0}, 2, 2), new int[] {0, 0}));
    }
}
