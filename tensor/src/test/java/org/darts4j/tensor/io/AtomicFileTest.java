package org.darts4j.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes replace regular files only; NPZ archives are verified on reading and identical for identical arrays. */
class AtomicFileTest {
    @TempDir Path dir;

    private static void write(Path target, String text) throws IOException {
        AtomicFile.write(target, tmp -> Files.writeString(tmp, text));
    }

    @Test void aFifoIsRefusedAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(p.waitFor() == 0, "mkfifo is not available");
        IOException e = assertThrows(IOException.class, () -> write(fifo, "x"));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS), "still the FIFO");
        try (var s = Files.list(dir)) { assertEquals(1, s.count(), "no temporary file left"); }
    }

    @Test void aDirectoryIsRefused() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d"));
        assertThrows(IOException.class, () -> write(d, "x"));
        assertTrue(Files.isDirectory(d));
    }

    @Test void aSymlinkIsWrittenThroughAndStaysALink() throws Exception {
        Path real = dir.resolve("real.txt"), link = dir.resolve("link.txt");
        Files.writeString(real, "old");
        Files.createSymbolicLink(link, real.getFileName());
        write(link, "new");
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals("new", Files.readString(real));
        Path dangling = dir.resolve("dangling.txt");
        Files.createSymbolicLink(dangling, Path.of("target-to-be.txt"));
        write(dangling, "made");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("made", Files.readString(dir.resolve("target-to-be.txt")));
    }

    @Test void aSymlinkToAFolderIsRefused() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d")), link = dir.resolve("to-d");
        Files.createSymbolicLink(link, d);
        IOException e = assertThrows(IOException.class, () -> write(link, "x"));
        assertTrue(e.getMessage().contains("a link to"), e.getMessage());
    }

    @Test void aWriterThatFailsLeavesTheOldFileAndNamesIt() throws Exception {
        Path f = dir.resolve("curves.png");
        Files.writeString(f, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("I/O error writing PNG file!", new IOException("No space left on device"));
        }));
        assertTrue(e.getMessage().startsWith(f + ": not written (No space left on device)"), e.getMessage());
        assertEquals("old", Files.readString(f));
        try (var s = Files.list(dir)) { assertEquals(1, s.count(), "no temporary file left"); }
        // an error of the data's own kind passes unchanged
        NpyFormatException own = new NpyFormatException("x.npy: bad");
        assertTrue(own == assertThrows(NpyFormatException.class, () -> AtomicFile.write(f, tmp -> { throw own; })));
    }

    private static Map<String, NpyArray> arrays(double v) {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("b", NpyArray.ofLongs(new long[] {1, 2, 3}, 3));
        m.put("a", NpyArray.of(org.darts4j.tensor.Tensor.scalar(org.darts4j.tensor.DType.FLOAT64, v)));
        return m;
    }

    @Test void npzArchivesAreByteIdenticalForIdenticalArrays() throws Exception {
        Path one = dir.resolve("one.npz"), two = dir.resolve("two.npz");
        Npz.write(one, arrays(1.5));
        Thread.sleep(2100);   // a later second, which a time stamp taken from the clock would show
        Map<String, NpyArray> reordered = new LinkedHashMap<>();
        arrays(1.5).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> reordered.put(e.getKey(), e.getValue()));
        Npz.write(two, reordered);
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));
    }

    @Test void anEntryWhoseBytesDoNotMatchItsCrcIsRefused() throws Exception {
        Path f = dir.resolve("x.npz");
        Npz.write(f, arrays(1.5));
        byte[] b = Files.readAllBytes(f);
        long dataAt;
        try (ZipFile z = new ZipFile(f.toFile())) {
            ZipEntry e = z.getEntry("a.npy");
            assertEquals(ZipEntry.STORED, e.getMethod());
            dataAt = indexOf(b, "a.npy".getBytes()) + "a.npy".length() + e.getSize() - 1;   // the last byte of a's data
        }
        b[(int) dataAt] ^= 0x01;
        Files.write(f, b);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
