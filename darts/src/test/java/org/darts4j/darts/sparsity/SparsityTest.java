package org.darts4j.darts.sparsity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparsityTest {
    @TempDir Path dir;

    /** Epoch 1 uniform; epoch 2 one-hot on skip_connect (normal) and on sep_conv_3x3 (reduce), in a run folder's format. */
    private void writeRun() throws Exception {
        Files.createDirectories(dir.resolve("alphas"));
        double[] uniform = new double[14 * 8], skip = new double[14 * 8], conv = new double[14 * 8];
        java.util.Arrays.fill(uniform, 1.0 / 8);
        for (int e = 0; e < 14; e++) { skip[e * 8 + 3] = 1; conv[e * 8 + 4] = 1; }
        for (int epoch = 1; epoch <= 2; epoch++) {
            Map<String, NpyArray> a = new LinkedHashMap<>();
            a.put("softmax_alpha_normal", NpyArray.of(Tensor.of(epoch == 1 ? uniform : skip, 14, 8)));
            a.put("softmax_alpha_reduce", NpyArray.of(Tensor.of(epoch == 1 ? uniform : conv, 14, 8)));
            Npz.write(dir.resolve("alphas").resolve(String.format("epoch-%03d.npz", epoch)), a);
        }
        Files.writeString(dir.resolve("genotypes.txt"), "epoch 1: " + Genotype.DARTS_V2 + "\nepoch 2: " + Genotype.DARTS_V1 + "\n");
    }

    @Test void entropyParameterFreeMassAndSkipsPerEpoch() throws Exception {
        writeRun();
        Sparsity s = Sparsity.of(dir);
        assertEquals(2, s.epochs().size());
        Sparsity.Epoch e1 = s.epochs().get(0), e2 = s.last();
        assertEquals(Math.log(8), e1.normal().meanEntropy(), 1e-12);
        assertEquals(0.5, e1.normal().parameterFree(), 1e-12);
        assertEquals(0.125, e1.reduce().none(), 1e-12);
        assertEquals(0.25, e1.reduce().pooling(), 1e-12);
        assertEquals(0.0, e2.normal().meanEntropy(), 1e-12);
        assertEquals(1.0, e2.normal().skip(), 1e-12);
        assertEquals(0.0, e2.reduce().parameterFree(), 1e-12);
        assertEquals(2, e1.normalSkips());      // DARTS_V2's normal cell
        assertEquals(3, e2.normalSkips());      // DARTS_V1's
        assertEquals(3, e2.reduceSkips());
        s.write(dir);
        for (String f : new String[] {"sparsity.csv", "sparsity_edges.csv", "sparsity_entropy.png", "sparsity_parameter_free.png", "sparsity_skips.png"})
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        assertEquals(1 + 2 * 2, Files.readAllLines(dir.resolve("sparsity.csv")).size());
        assertEquals(1 + 2 * 2 * 14, Files.readAllLines(dir.resolve("sparsity_edges.csv")).size());
        assertTrue(s.table().contains("| 2 | 0.0000 | 0.0000 | 1.000 (0.000/1.000/0.000) | 0.000 (0.000/0.000/0.000) | 3 | 3 |"), s.table());
    }

    @Test void aFolderWithoutEpochsIsNamed() throws Exception {
        var e = assertThrows(java.io.IOException.class, () -> Sparsity.of(dir));
        assertTrue(e.getMessage().contains("alphas"), e.getMessage());
        Files.createDirectories(dir.resolve("alphas"));
        e = assertThrows(java.io.IOException.class, () -> Sparsity.of(dir));
        assertTrue(e.getMessage().contains("epoch-001.npz"), e.getMessage());
    }
}
