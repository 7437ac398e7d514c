package org.darts4j.datasets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.darts4j.datasets.DataFormatException;
import org.darts4j.datasets.Dataset;
import org.darts4j.datasets.TestFiles;
import org.darts4j.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
    @TempDir Path dir;

    private Path writeFolder(int perBatch) throws Exception {
        Path bin = dir.resolve("cifar-10-batches-bin");
        Files.createDirectories(bin);
        for (int b = 0; b < 5; b++) Files.write(bin.resolve(Cifar10.TRAIN_FILES.get(b)), TestFiles.cifarBatch(perBatch, b));
        Files.write(bin.resolve(Cifar10.TEST_FILE), TestFiles.cifarBatch(perBatch, 7));
        return bin;
    }

    private static void checkRecord(Dataset d, int i, int r, int labelOffset) {
        assertEquals((r + labelOffset) % 10, d.label(i));
        float[] px = new float[3072];
        d.readImage(i, px, 0);
        for (int k : new int[] {0, 1023, 1024, 2047, 3071}) assertEquals(((r + k) & 0xff) / 255f, px[k], 1e-7, "pixel " + k);
    }

    @Test void readsTheExtractedFolder() throws Exception {
        writeFolder(3);
        Dataset train = Cifar10.load(dir, true), test = Cifar10.load(dir, false);
        assertEquals(15, train.size());
        assertEquals(3, test.size());
        assertEquals(Shape.of(3, 32, 32), train.imageShape());
        checkRecord(train, 7, 1, 2);   // batch 3 (label offset 2), record 1
        checkRecord(test, 2, 2, 7);
    }

    @Test void readsTheTarGzArchive() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes());
        for (int b = 0; b < 5; b++) entries.put("cifar-10-batches-bin/" + Cifar10.TRAIN_FILES.get(b), TestFiles.cifarBatch(2, b));
        entries.put("cifar-10-batches-bin/" + Cifar10.TEST_FILE, TestFiles.cifarBatch(4, 7));
        Path archive = dir.resolve("cifar-10-binary.tar.gz");
        TestFiles.tarGz(archive, entries);
        Dataset train = Cifar10.load(archive, true), test = Cifar10.load(archive, false);
        assertEquals(10, train.size());
        assertEquals(4, test.size());
        checkRecord(train, 9, 1, 4);
        checkRecord(test, 3, 3, 7);
    }

    @Test void testSplitNeedsNoTrainingFiles() throws Exception {
        Path bin = dir.resolve("cifar-10-batches-bin");
        Files.createDirectories(bin);
        Files.write(bin.resolve(Cifar10.TEST_FILE), TestFiles.cifarBatch(2, 0));
        assertEquals(2, Cifar10.load(dir, false).size());
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, true));
        assertTrue(e.getMessage().contains("data_batch_1.bin") && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test void sizeNotAMultipleOfTheRecord() throws Exception {
        Path bin = writeFolder(2);
        byte[] b = TestFiles.cifarBatch(2, 0);
        Files.write(bin.resolve("data_batch_3.bin"), Arrays.copyOf(b, b.length - 5));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, true));
        assertTrue(e.getMessage().contains("data_batch_3.bin") && e.getMessage().contains("size 6141 bytes is not a multiple of 3073"), e.getMessage());
    }

    @Test void labelOutOfRange() throws Exception {
        Path bin = writeFolder(2);
        byte[] b = TestFiles.cifarBatch(2, 0);
        b[3073] = 11;
        Files.write(bin.resolve(Cifar10.TEST_FILE), b);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, false));
        assertTrue(e.getMessage().contains("record 1 at byte offset 3073 has label 11, expected 0-9"), e.getMessage());
    }
}
