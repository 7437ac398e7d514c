package org.darts4j.datasets.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.darts4j.datasets.DataFormatException;
import org.darts4j.datasets.TestFiles;
import org.darts4j.tensor.io.Npy;
import org.darts4j.tensor.io.NpyFormatException;
import org.darts4j.tensor.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files made to hurt: each refused in one line that says what was wrong and what was expected. */
class HostileFilesTest {
    @TempDir Path dir;

    private static void oneLine(Exception e) { assertFalse(e.getMessage().contains("\n"), e.getMessage()); }

    private DataFormatException csv(String name, byte[] content) throws IOException {
        Path f = Files.write(dir.resolve(name), content);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Tables.csv(f, "t", List.of(), false, null));
        oneLine(e);
        return e;
    }

    @Test void csvTablesThatWouldMisleadAreRefused() throws Exception {
        DataFormatException e = csv("latin1.csv", "a,größe,label\n1,2,0\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(e.getMessage().contains("not UTF-8") && e.getMessage().contains("line 1"), e.getMessage());
        e = csv("dup.csv", "a,a,label\n1,2,0\n3,4,1\n".getBytes());
        assertTrue(e.getMessage().contains("names column 'a' twice"), e.getMessage());
        e = csv("nan.csv", "a,label\n1,0\n2,NaN\n3,1\n".getBytes());
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("expected a finite number"), e.getMessage());
        e = csv("minus.csv", "a,label\n1,0\n2,-1\n3,1\n".getBytes());
        assertTrue(e.getMessage().contains("negative") && e.getMessage().contains("--target"), e.getMessage());
        e = csv("huge.csv", "a,label\n1,0\n2,2000000000\n".getBytes());
        assertTrue(e.getMessage().contains("label 2000000000") && e.getMessage().contains("10000 classes"), e.getMessage());
        // named as a target, the same whole numbers with a -1 are a regression target, as asked
        Path f = Files.write(dir.resolve("target.csv"), "a,label\n1,0\n2,-1\n3,1\n".getBytes());
        assertFalse(Tables.csv(f, "t", List.of("label"), false, null).task().isClassification());
    }

    private static byte[] npyHeader(int major, int headerLen) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes()).put((byte) major).put((byte) 0).putInt(headerLen);
        return b.array();
    }

    @Test void npyHeadersAndShapesOutOfRangeAreRefused() throws Exception {
        Path f = Files.write(dir.resolve("len.npy"), npyHeader(2, -5));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("header length") && e.getMessage().contains("out of range"), e.getMessage());
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (50000, 50000), }";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) dict.length(), 0});
        out.write(dict.getBytes());
        Path big = Files.write(dir.resolve("big.npy"), out.toByteArray());
        e = assertThrows(NpyFormatException.class, () -> Npy.read(big));
        assertTrue(e.getMessage().contains("2500000000 elements"), e.getMessage());
        oneLine(e);
    }

    /** A deflated entry whose small array is followed by gigabytes of zeros. */
    @Test void anNpzEntryInflatingBeyondItsArrayIsRefused() throws Exception {
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        Npy.write(npy, org.darts4j.tensor.io.NpyArray.ofLongs(new long[] {1, 2}, 2));
        Path f = dir.resolve("bomb.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("y.npy"));
            z.write(npy.toByteArray());
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) z.write(zeros);   // 64 MiB that deflate to a few hundred KiB
            z.closeEntry();
        }
        assertTrue(Files.size(f) < 1 << 20);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains("more bytes than its array declares"), e.getMessage());
    }

    @Test void tarEntriesOfImpossibleSizeAreRefused() throws Exception {
        byte[] h = new byte[1024];
        byte[] name = "cifar-10-batches-bin/data_batch_1.bin".getBytes();
        System.arraycopy(name, 0, h, 0, name.length);
        byte[] size = "77777777777\0".getBytes();   // 8 GiB
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Tar.read(new java.io.ByteArrayInputStream(h), "x.tar", n -> true));
        assertTrue(e.getMessage().contains("declares 8589934591 bytes") && e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test void anEmptyOrShortCifarBatchIsRefused() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        for (int b = 0; b < 5; b++) Files.write(bin.resolve(Cifar10.TRAIN_FILES.get(b)), TestFiles.cifarBatch(4, b));
        Files.write(bin.resolve(Cifar10.TRAIN_FILES.get(2)), new byte[0]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, true));
        assertTrue(e.getMessage().contains("data_batch_3.bin") && e.getMessage().contains("empty"), e.getMessage());
        Files.write(bin.resolve(Cifar10.TRAIN_FILES.get(2)), TestFiles.cifarBatch(3, 2));
        e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, true));
        assertTrue(e.getMessage().contains("data_batch_3.bin") && e.getMessage().contains("3 records"), e.getMessage());
    }
}
