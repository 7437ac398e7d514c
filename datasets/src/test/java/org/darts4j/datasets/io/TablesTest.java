package org.darts4j.datasets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.darts4j.datasets.DataFormatException;
import org.darts4j.datasets.Dataset;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesTest {
    @TempDir Path dir;

    @Test void npzClassificationAndRegression() throws Exception {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("x", NpyArray.of(Tensor.arange(DType.FLOAT32, 4 * 2 * 3 * 5).reshape(4, 2, 3, 5)));
        m.put("y", NpyArray.ofLongs(new long[] {0, 2, 1, 2}, 4));
        Npz.write(dir.resolve("c.npz"), m);
        Dataset c = Tables.npz(dir.resolve("c.npz"), "c");
        assertEquals(Shape.of(2, 3, 5), c.imageShape());
        assertEquals(3, c.task().outputs());
        assertEquals(2, c.label(3));
        float[] px = new float[30];
        c.readImage(2, px, 0);
        assertEquals(60f, px[0]);
        assertEquals(89f, px[29]);

        Map<String, NpyArray> r = new LinkedHashMap<>();
        r.put("images", NpyArray.of(Tensor.ones(DType.FLOAT64, 3, 4, 4)));
        r.put("targets", NpyArray.of(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2)));
        Npz.write(dir.resolve("r.npz"), r);
        Dataset d = Tables.npz(dir.resolve("r.npz"), "r");
        assertFalse(d.task().isClassification());
        assertEquals(Shape.of(1, 4, 4), d.imageShape());
        float[] y = new float[2];
        d.readTarget(2, y, 0);
        assertEquals(5f, y[0]);
        assertEquals(6f, y[1]);
    }

    @Test void npzWithoutImagesNamesWhatItFound() throws Exception {
        Npz.write(dir.resolve("bad.npz"), Map.of("data", NpyArray.of(Tensor.ones(DType.FLOAT64, 2))));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Tables.npz(dir.resolve("bad.npz"), "bad"));
        assertTrue(e.getMessage().contains("bad.npz") && e.getMessage().contains("'x' or 'images'") && e.getMessage().contains("data"), e.getMessage());
    }

    @Test void csvLastColumnLabelOrNamedTargets() throws Exception {
        Files.writeString(dir.resolve("t.csv"), "a,b,c,class\n1,2,3,0\n4,5,6,2\n7,8,9,1\n");
        Dataset c = Tables.csv(dir.resolve("t.csv"), "t", null, false, null);
        assertTrue(c.task().isClassification());
        assertEquals(3, c.task().outputs());
        assertEquals(Shape.of(1, 1, 3), c.imageShape());
        float[] px = new float[3];
        c.readImage(1, px, 0);
        assertEquals(5f, px[1]);
        Dataset r = Tables.csv(dir.resolve("t.csv"), "t", List.of("a", "c"), false, null);
        assertFalse(r.task().isClassification());
        float[] y = new float[2];
        r.readTarget(2, y, 0);
        assertEquals(7f, y[0]);
        assertEquals(9f, y[1]);
        r.readImage(2, px, 0);
        assertEquals(8f, px[0]);
        assertEquals(1f, px[1]);
    }

    @Test void csvBadRows() throws Exception {
        Files.writeString(dir.resolve("t.csv"), "a,b,y\n1,2,0.5\n3,x,0.7\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Tables.csv(dir.resolve("t.csv"), "t", null, false, null));
        assertTrue(e.getMessage().contains("line 3 column 'b' is 'x'"), e.getMessage());
        Files.writeString(dir.resolve("u.csv"), "a,b,y\n1,2\n");
        DataFormatException e2 = assertThrows(DataFormatException.class, () -> Tables.csv(dir.resolve("u.csv"), "u", null, false, null));
        assertTrue(e2.getMessage().contains("line 2 has 2 columns, expected 3"), e2.getMessage());
    }

    @Test void npyPairOfImagesAndLabels() throws Exception {
        try (var o = Files.newOutputStream(dir.resolve("x.npy"))) {
            org.darts4j.tensor.io.Npy.write(o, Tensor.arange(DType.FLOAT32, 2 * 3 * 4).reshape(2, 3, 4));
        }
        try (var o = Files.newOutputStream(dir.resolve("y.npy"))) {
            org.darts4j.tensor.io.Npy.write(o, NpyArray.ofLongs(new long[] {1, 0}, 2));
        }
        Dataset d = org.darts4j.datasets.source.DataSources.load("npy:" + dir.resolve("x.npy") + "," + dir.resolve("y.npy"),
                org.darts4j.datasets.source.DataOptions.defaults(), m -> { });
        assertEquals(Shape.of(1, 3, 4), d.imageShape());
        assertEquals(1, d.label(0));
        assertEquals(2, d.task().outputs());
        Files.write(dir.resolve("short.npy"), java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("x.npy")), 100));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Tables.npy(dir.resolve("short.npy"), dir.resolve("y.npy"), "s"));
        assertTrue(e.getMessage().contains("short.npy") && e.getMessage().contains("truncated"), e.getMessage());
    }
}
