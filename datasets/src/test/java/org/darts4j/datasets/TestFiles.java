package org.darts4j.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writers of small files in the real formats, for the tests (no data fetched from elsewhere is committed). */
public final class TestFiles {
    private TestFiles() {}

    /** An IDX images file: magic 0x00000803, [n, h, w], then pixels[i] = (i * 7 + seed) mod 256. */
    public static byte[] idxImages(int n, int h, int w, int seed) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeInt(b, 0x00000803);
        writeInt(b, n);
        writeInt(b, h);
        writeInt(b, w);
        for (int i = 0; i < n * h * w; i++) b.write((i * 7 + seed) & 0xff);
        return b.toByteArray();
    }

    public static byte[] idxLabels(int[] labels) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeInt(b, 0x00000801);
        writeInt(b, labels.length);
        for (int l : labels) b.write(l);
        return b.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream b, int v) {
        b.write(v >>> 24);
        b.write(v >>> 16);
        b.write(v >>> 8);
        b.write(v);
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(data);
        }
        return b.toByteArray();
    }

    /** A CIFAR-10 batch of n records: label r mod 10, pixel k of record r = (r + k) mod 256. */
    public static byte[] cifarBatch(int n, int labelOffset) {
        byte[] b = new byte[n * 3073];
        for (int r = 0; r < n; r++) {
            b[r * 3073] = (byte) ((r + labelOffset) % 10);
            for (int k = 0; k < 3072; k++) b[r * 3073 + 1 + k] = (byte) (r + k);
        }
        return b;
    }

    /** A gzipped ustar archive of the given entries. */
    public static void tarGz(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                byte[] h = new byte[512];
                put(h, 0, e.getKey());
                put(h, 100, "0000644");
                put(h, 108, "0000000");
                put(h, 116, "0000000");
                put(h, 124, String.format("%011o", e.getValue().length));
                put(h, 136, String.format("%011o", 0));
                h[156] = '0';
                put(h, 257, "ustar");
                h[262] = 0;
                put(h, 263, "00");
                for (int i = 148; i < 156; i++) h[i] = ' ';
                int sum = 0;
                for (byte x : h) sum += x & 0xff;
                put(h, 148, String.format("%06o", sum));
                h[154] = 0;
                out.write(h);
                out.write(e.getValue());
                int pad = (512 - e.getValue().length % 512) % 512;
                out.write(new byte[pad]);
            }
            out.write(new byte[1024]);
        }
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
