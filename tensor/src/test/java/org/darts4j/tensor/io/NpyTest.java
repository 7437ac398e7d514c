package org.darts4j.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir Path dir;

    @Test void npzRoundTripKeepsDtypeShapeAndValues() throws Exception {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("a", NpyArray.of(Tensor.arange(DType.FLOAT64, 6).reshape(2, 3)));
        m.put("b", NpyArray.of(Tensor.of(new float[] {1.5f, -2f}, 2)));
        m.put("labels", NpyArray.ofLongs(new long[] {3, 1, 4}, 3));
        m.put("scalar", NpyArray.of(Tensor.scalar(DType.FLOAT64, 2.25)));
        Path f = dir.resolve("x.npz");
        Npz.write(f, m);
        Map<String, NpyArray> back = Npz.read(f);
        assertEquals(m.keySet(), back.keySet());
        assertEquals(Shape.of(2, 3), back.get("a").shape());
        assertEquals("<f8", back.get("a").descr());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, back.get("a").toTensor().toDoubleArray());
        assertEquals(DType.FLOAT32, back.get("b").toTensor().dtype());
        assertArrayEquals(new long[] {3, 1, 4}, back.get("labels").longs());
        assertEquals(Shape.SCALAR, back.get("scalar").shape());
        assertEquals(2.25, back.get("scalar").toTensor().item());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file is left behind");
        }
    }

    /** A file written the way numpy writes a Fortran-ordered array. */
    @Test void readsFortranOrderAndVersion2() throws Exception {
        String dict = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0});
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(dict.length() + 1).array());
        out.write((dict + "\n").getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : new double[] {0, 3, 1, 4, 2, 5}) data.putDouble(v); // column-major of [[0,1,2],[3,4,5]]
        out.write(data.array());
        NpyArray a = Npy.read(new ByteArrayInputStream(out.toByteArray()), "test");
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, a.values());
    }

    @Test void truncatedFileNamesFileAndSizes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, Tensor.arange(DType.FLOAT64, 10));
        byte[] whole = out.toByteArray();
        Path f = dir.resolve("cut.npy");
        Files.write(f, Arrays.copyOf(whole, whole.length - 9));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("cut.npy") && e.getMessage().contains("truncated") && e.getMessage().contains("80 bytes"), e.getMessage());
    }

    @Test void badInputsGiveOneLineErrors() throws Exception {
        Path missing = dir.resolve("missing.npz");
        NpyFormatException e1 = assertThrows(NpyFormatException.class, () -> Npz.read(missing));
        assertTrue(e1.getMessage().contains("missing.npz") && e1.getMessage().contains("no such file"));
        Path notZip = dir.resolve("junk.npz");
        Files.writeString(notZip, "this is not a zip archive");
        NpyFormatException e2 = assertThrows(NpyFormatException.class, () -> Npz.read(notZip));
        assertTrue(e2.getMessage().contains("junk.npz") && e2.getMessage().contains("not an NPZ"), e2.getMessage());
        Path badMagic = dir.resolve("bad.npy");
        Files.writeString(badMagic, "NOTNUMPYxxxxxxxxxxxxxxx");
        NpyFormatException e3 = assertThrows(NpyFormatException.class, () -> Npy.read(badMagic));
        assertTrue(e3.getMessage().contains("magic"));
        for (NpyFormatException e : new NpyFormatException[] {e1, e2, e3}) assertFalse(e.getMessage().contains("\n"));
    }

    @Test void truncatedNpzEntryIsReported() throws Exception {
        Path f = dir.resolve("t.npz");
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("w", NpyArray.of(Tensor.arange(DType.FLOAT64, 100)));
        Npz.write(f, m);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length / 2));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().contains("t.npz"), e.getMessage());
    }
}
