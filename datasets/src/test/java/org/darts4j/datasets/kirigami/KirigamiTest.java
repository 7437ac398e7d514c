package org.darts4j.datasets.kirigami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.darts4j.datasets.DataFormatException;
import org.darts4j.datasets.Dataset;
import org.darts4j.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KirigamiTest {
    @TempDir Path dir;

    /**
     * Rows in the published format (15 cut-grid columns, yield strain, toughness, yield stress): the three real rows of
     * {@code ../shared/data/kirigami} when that folder is beside the repository, else three rows of our own with the
     * same cut patterns (row 0: cells 6-9, 13 and 14 cut), written into {@code dir}.
     */
    static Path excerpt(Path dir) throws java.io.IOException {
        Path p = Path.of("").toAbsolutePath().getParent().getParent().resolve("shared/data/kirigami/15grid_shuffled_excerpt.dat");
        if (Files.isRegularFile(p)) return p;
        System.err.println("KirigamiTest: ../shared/data/kirigami is absent; using rows of our own in the published format");
        Path own = dir.resolve("own_rows.dat");
        Files.writeString(own, "1 1 1 1 1 1 0 0 0 0 1 1 1 0 0 0.310000 6.100000 31.500000\n"
                + "0 0 1 1 0 1 0 0 1 1 1 1 0 1 0 0.420000 10.750000 38.250000\n"
                + "0 1 1 1 1 0 0 0 1 0 1 1 1 1 1 0.270000 5.125000 35.875000\n");
        return own;
    }

    /** Column {@code col} of every row of the file, as the loader must read it. */
    static float[] column(Path rows, int col) throws java.io.IOException {
        List<String> lines = Files.readAllLines(rows).stream().filter(l -> !l.isBlank()).toList();
        float[] out = new float[lines.size()];
        for (int i = 0; i < out.length; i++) out[i] = Float.parseFloat(lines.get(i).strip().split("\\s+")[col]);
        return out;
    }

    @Test void realRowsLoadWithTheirTargetsAndFineImages() throws Exception {
        List<String> warnings = new ArrayList<>();
        Path rows = excerpt(dir);
        Kirigami.Table t = Kirigami.read(rows, warnings::add);
        assertEquals(3, t.rows());
        assertEquals(1, warnings.size(), "the excerpt is not the published file, so a warning names its blob id");
        assertTrue(warnings.get(0).contains(Kirigami.PUBLISHED_BLOB_ID));
        assertEquals(column(rows, 15)[0], t.targets()[0]);
        assertEquals(column(rows, 16)[0], t.targets()[1]);
        assertEquals(column(rows, 17)[2], t.targets()[8]);
        int[] cuts = {6, 7, 5};   // zeros in columns 0-14 of the three rows
        for (KirigamiView v : KirigamiView.values()) {
            Dataset d = Kirigami.dataset("k", t, v, new int[] {0, 1, 2}, 0, 3);
            assertEquals(v.shape(), d.imageShape());
            for (int i = 0; i < 3; i++) {
                float[] px = new float[v.shape().numel()];
                d.readImage(i, px, 0);
                int ones = 0;
                for (float p : px) if (p == 1) ones++;
                int expected = v == KirigamiView.COARSE ? 15 - cuts[i] : 2400 - 48 * cuts[i];
                assertEquals(expected, ones, v + " row " + i);
            }
        }
        Dataset fine = Kirigami.dataset("k", t, KirigamiView.FINE, new int[] {0}, 0, 3);
        float[] px = new float[2400];
        fine.readImage(0, px, 0);
        // row 0 of the excerpt: cells 6, 7, 8, 9 (grid row 1, columns 1-4) and 13, 14 are cut
        assertEquals(0f, px[(1 * 10 + 4) * 80 + 16]);
        assertEquals(1f, px[(1 * 10 + 3) * 80 + 16]);
        assertEquals(1f, px[(1 * 10 + 4) * 80 + 15]);
        assertEquals(0f, px[(1 * 10 + 6) * 80 + 79]);
        assertEquals(1f, px[(1 * 10 + 7) * 80 + 79]);
        Dataset padded = Kirigami.dataset("k", t, KirigamiView.FINE_PADDED, new int[] {0}, 0, 3);
        float[] pp = new float[2560];
        padded.readImage(0, pp, 0);
        for (int x = 0; x < 80; x++) { assertEquals(0f, pp[x]); assertEquals(0f, pp[31 * 80 + x]); }
        for (int k = 0; k < 2400; k++) assertEquals(px[k], pp[80 + k]);
    }

    @Test void gitBlobIdIsWhatGitPrints() {
        // `printf 'hello\n' | git hash-object --stdin`
        assertEquals("ce013625030ba8dba906f756967f9e9ca394464a", Kirigami.gitBlobId("hello\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test void rowWithTheWrongNumberOfColumns() throws Exception {
        Path f = dir.resolve("15grid_shuffled.dat");
        Files.writeString(f, "1 1 1 1 1 1 0 0 0 0 1 1 1 0 0 0.3 6.5 30.9\n1 1 1 1 1 1 0 0 0 0 1 1 1 0 0 0.3 6.5\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Kirigami.read(f, m -> { }));
        assertTrue(e.getMessage().contains("line 2 has 17 columns, expected 18"), e.getMessage());
        Files.writeString(f, "1 1 1 1 1 1 0 0 0 0 1 1 1 0 2 0.3 6.5 30.9\n");
        DataFormatException e2 = assertThrows(DataFormatException.class, () -> Kirigami.read(f, m -> { }));
        assertTrue(e2.getMessage().contains("line 1 column 14"), e2.getMessage());
    }

    @Test void syntheticDataIsDeterministicAndSplitsByPosition() {
        Kirigami.Table a = SyntheticKirigami.generate(100, 0.3, 0.01, 5), b = SyntheticKirigami.generate(100, 0.3, 0.01, 5);
        assertEquals(java.util.Arrays.toString(a.targets()), java.util.Arrays.toString(b.targets()));
        assertTrue(a.source().contains("synthetic"));
        int cut = Kirigami.trainRows(a, 0.8);
        assertEquals(80, cut);
        Dataset train = Kirigami.dataset("kirigami-synthetic/train", a, KirigamiView.FINE_PADDED, new int[] {0, 2}, 0, cut);
        assertEquals(Shape.of(1, 32, 80), train.imageShape());
        float[] y = new float[2];
        train.readTarget(5, y, 0);
        assertEquals(a.targets()[5 * 3], y[0]);
        assertEquals(a.targets()[5 * 3 + 2], y[1]);
        assertEquals(List.of("yield_strain", "yield_stress"), train.task().names());
    }
}
