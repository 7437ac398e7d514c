package org.darts4j.datasets.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.darts4j.datasets.DataFormatException;
import org.darts4j.datasets.Dataset;
import org.darts4j.datasets.TestFiles;
import org.darts4j.datasets.source.DataOptions;
import org.darts4j.datasets.source.DataSources;
import org.darts4j.tensor.Shape;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir Path dir;
    private static final List<String> TEN = DataSources.DIGITS;

    @Test void readsRawAndGzippedFilesExactly() throws Exception {
        int[] labels = {3, 1, 4, 1, 5};
        Files.write(dir.resolve("im"), TestFiles.idxImages(5, 4, 6, 2));
        Files.write(dir.resolve("lb"), TestFiles.idxLabels(labels));
        Files.write(dir.resolve("im.gz"), TestFiles.gzip(TestFiles.idxImages(5, 4, 6, 2)));
        Files.write(dir.resolve("lb.gz"), TestFiles.gzip(TestFiles.idxLabels(labels)));
        for (String suffix : new String[] {"", ".gz"}) {
            Dataset d = Idx.load("t", dir.resolve("im" + suffix), dir.resolve("lb" + suffix), TEN);
            assertEquals(5, d.size());
            assertEquals(Shape.of(1, 4, 6), d.imageShape());
            float[] px = new float[24];
            d.readImage(3, px, 0);
            for (int k = 0; k < 24; k++) assertEquals(((3 * 24 + k) * 7 + 2) % 256 / 255f, px[k], 1e-7);
            int[] got = new int[5];
            for (int i = 0; i < 5; i++) got[i] = d.label(i);
            assertArrayEquals(labels, got);
        }
    }

    @Test void truncatedFileNamesOffsetAndExpectation() throws Exception {
        byte[] full = TestFiles.idxImages(5, 4, 6, 0);
        Files.write(dir.resolve("im"), Arrays.copyOf(full, full.length - 10));
        Files.write(dir.resolve("lb"), TestFiles.idxLabels(new int[5]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.load("t", dir.resolve("im"), dir.resolve("lb"), TEN));
        assertTrue(e.getMessage().contains(dir.resolve("im").toString()) && e.getMessage().contains("truncated at byte offset " + (full.length - 10))
                && e.getMessage().contains("expected 120 bytes"), e.getMessage());
    }

    @Test void wrongMagicNumber() throws Exception {
        Files.write(dir.resolve("im"), TestFiles.idxLabels(new int[5]));   // a labels file where images belong
        Files.write(dir.resolve("lb"), TestFiles.idxLabels(new int[5]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.load("t", dir.resolve("im"), dir.resolve("lb"), TEN));
        assertTrue(e.getMessage().contains("bad magic number 0x00000801 at offset 0, expected 0x00000803"), e.getMessage());
    }

    @Test void imagesAndLabelsOfDifferentCounts() throws Exception {
        Files.write(dir.resolve("im"), TestFiles.idxImages(5, 2, 2, 0));
        Files.write(dir.resolve("lb"), TestFiles.idxLabels(new int[4]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.load("t", dir.resolve("im"), dir.resolve("lb"), TEN));
        assertTrue(e.getMessage().contains("5 images") && e.getMessage().contains("4 labels"), e.getMessage());
    }

    @Test void corruptGzip() throws Exception {
        byte[] gz = TestFiles.gzip(TestFiles.idxImages(50, 8, 8, 0));
        Files.write(dir.resolve("im.gz"), Arrays.copyOf(gz, gz.length / 2));
        Files.write(dir.resolve("lb"), TestFiles.idxLabels(new int[50]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.load("t", dir.resolve("im.gz"), dir.resolve("lb"), TEN));
        assertTrue(e.getMessage().contains("im.gz") && e.getMessage().contains("gzip"), e.getMessage());
    }

    /** The real Fashion-MNIST from Debian's dataset-fashion-mnist, which .ci/run installs. */
    @Test void realFashionMnist() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(DataSources.DEBIAN_FASHION_MNIST) || System.getenv("CI") != null,
                "dataset-fashion-mnist is not installed");
        long t0 = System.nanoTime();
        Dataset train = DataSources.load("fashion-mnist", DataOptions.defaults().withDataDir(DataSources.DEBIAN_FASHION_MNIST), m -> { });
        double seconds = (System.nanoTime() - t0) / 1e9;
        Dataset test = DataSources.load("fashion-mnist", DataOptions.defaults().withDataDir(DataSources.DEBIAN_FASHION_MNIST).withSplit("test"), m -> { });
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals(Shape.of(1, 28, 28), train.imageShape());
        int[] countsTrain = new int[10], countsTest = new int[10];
        for (int i = 0; i < train.size(); i++) countsTrain[train.label(i)]++;
        for (int i = 0; i < test.size(); i++) countsTest[test.label(i)]++;
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, countsTrain[c], "training examples of class " + c);
            assertEquals(1000, countsTest[c], "test examples of class " + c);
        }
        System.out.printf("fashion-mnist training set loaded in %.2f s%n", seconds);
    }
}
