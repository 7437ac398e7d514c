package org.darts4j.darts;

import java.nio.file.Path;
import java.util.Map;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;

/** A small two-class image set for run tests: 1x8x8 noise, class 1 when the left half is brighter. */
public final class ToyData {
    private ToyData() {}

    /** Writes {@code toy.npz} into {@code dir} and returns its data-set name ({@code npz:PATH}). */
    public static String write(Path dir, int n) throws Exception {
        Generator g = new Generator(4);
        double[] x = new double[n * 64];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int k = 0; k < 64; k++) x[i * 64 + k] = g.nextGaussian() + ((k % 8 < 4) == (y[i] == 1) ? 1 : 0);
        }
        Path f = dir.resolve("toy.npz");
        Npz.write(f, Map.of("x", NpyArray.of(Tensor.of(x, n, 1, 8, 8)), "y", NpyArray.ofLongs(y, n)));
        return "npz:" + f;
    }
}
