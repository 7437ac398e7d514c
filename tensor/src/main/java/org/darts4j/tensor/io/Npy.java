package org.darts4j.tensor.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Tensor;

/**
 * NumPy's {@code .npy} format (versions 1, 2 and 3): little-endian {@code f4}, {@code f8}, {@code i1/i2/i4/i8},
 * {@code u1} and {@code b1}, C or Fortran order. Writes version 1.0 files.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** The longest header read: numpy's headers are a few hundred bytes; a length beyond this is damage, not data. */
    static final int MAX_HEADER = 1 << 20;

    public static NpyArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new NpyFormatException(file + ": no such file");
        }
    }

    /** Reads one array; {@code source} names the file (and entry) in error messages. */
    public static NpyArray read(InputStream in, String source) throws IOException {
        byte[] head = in.readNBytes(8);
        if (head.length < 8) throw new NpyFormatException(source + ": truncated, expected an NPY header");
        for (int i = 0; i < MAGIC.length; i++)
            if (head[i] != MAGIC[i]) throw new NpyFormatException(source + ": not an NPY file (bad magic bytes)");
        int major = head[6];
        int headerLen;
        if (major == 1) {
            byte[] l = in.readNBytes(2);
            if (l.length < 2) throw new NpyFormatException(source + ": truncated header");
            headerLen = (l[0] & 0xff) | (l[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] l = in.readNBytes(4);
            if (l.length < 4) throw new NpyFormatException(source + ": truncated header");
            headerLen = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new NpyFormatException(source + ": unsupported NPY version " + major + " (expected 1, 2 or 3)");
        }
        if (headerLen < 0 || headerLen > MAX_HEADER)
            throw new NpyFormatException(source + ": header length " + Integer.toUnsignedLong(headerLen) + " out of range (expected at most "
                    + MAX_HEADER + " bytes; the file is damaged or not NPY)");
        byte[] hb = in.readNBytes(headerLen);
        if (hb.length < headerLen) throw new NpyFormatException(source + ": truncated header");
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, source, "descr");
        boolean fortran = group(FORTRAN, header, source, "fortran_order").equals("True");
        String shapeText = group(SHAPE, header, source, "shape").trim();
        int[] dims;
        if (shapeText.isEmpty()) dims = new int[0];
        else {
            String[] parts = shapeText.split(",");
            int n = 0;
            for (String p : parts) if (!p.isBlank()) n++;
            dims = new int[n];
            int i = 0;
            for (String p : parts) {
                if (p.isBlank()) continue;
                try {
                    dims[i++] = Integer.parseInt(p.trim());
                } catch (NumberFormatException e) {
                    throw new NpyFormatException(source + ": bad shape (" + shapeText + "), expected sizes below 2^31");
                }
                if (dims[i - 1] < 0) throw new NpyFormatException(source + ": bad shape (" + shapeText + "), expected sizes of at least 0");
            }
        }
        long declared = 1;
        for (int d : dims) declared = d == 0 || declared == 0 ? 0 : declared > Long.MAX_VALUE / d ? Long.MAX_VALUE : declared * d;   // saturating
        if (declared > Integer.MAX_VALUE - 8)
            throw new NpyFormatException(source + ": shape (" + shapeText + ") declares " + declared + " elements, more than one array holds (2^31 - 9)");
        Shape shape = Shape.of(dims);
        int count = shape.numel();
        if (descr.length() < 3 || descr.charAt(0) == '>')
            throw new NpyFormatException(source + ": unsupported dtype '" + descr + "' (expected little-endian f4, f8 or an integer type)");
        String kind = descr.substring(1);
        int width = switch (kind) {
            case "f8", "i8", "u8" -> 8;
            case "f4", "i4", "u4" -> 4;
            case "i2", "u2" -> 2;
            case "i1", "u1", "b1" -> 1;
            default -> throw new NpyFormatException(source + ": unsupported dtype '" + descr + "' (expected f4, f8 or an integer type)");
        };
        long bytes = (long) count * width;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > Integer.MAX_VALUE - 8 || bytes > heap / 2)
            throw new NpyFormatException(source + ": shape " + shape + " " + descr + " declares " + bytes / (1 << 20) + " MiB of data, more than "
                    + (bytes > Integer.MAX_VALUE - 8 ? "one array holds (2 GiB)" : "half of the heap (" + heap / (1 << 20) + " MiB; raise it with DARTS4J_JAVA_OPTS=-Xmx...)"));
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes)
            throw new NpyFormatException(source + ": truncated data, expected " + bytes + " bytes for shape " + shape + " " + descr + ", found " + data.length);
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        double[] d = null;
        float[] f = null;
        long[] l = null;
        switch (kind) {
            case "f8" -> { d = new double[count]; bb.asDoubleBuffer().get(d); }
            case "f4" -> { f = new float[count]; bb.asFloatBuffer().get(f); }
            default -> {
                l = new long[count];
                for (int i = 0; i < count; i++) {
                    l[i] = switch (kind) {
                        case "i8", "u8" -> bb.getLong();
                        case "i4" -> bb.getInt();
                        case "u4" -> bb.getInt() & 0xffffffffL;
                        case "i2" -> bb.getShort();
                        case "u2" -> bb.getShort() & 0xffff;
                        case "i1" -> bb.get();
                        default -> bb.get() & 0xff;
                    };
                }
            }
        }
        NpyArray a = new NpyArray(shape, descr, d, f, l);
        return fortran && dims.length > 1 ? fromFortran(a, dims) : a;
    }

    private static String group(Pattern p, String header, String source, String key) throws NpyFormatException {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new NpyFormatException(source + ": header has no valid '" + key + "' entry");
        return m.group(1);
    }

    /** Reorders column-major values into row-major ones. */
    private static NpyArray fromFortran(NpyArray a, int[] dims) {
        int n = a.shape().numel(), r = dims.length;
        int[] idx = new int[r];
        double[] d = a.rawDoubles() == null ? null : new double[n];
        float[] f = a.rawFloats() == null ? null : new float[n];
        long[] l = a.rawLongs() == null ? null : new long[n];
        int[] cStrides = a.shape().contiguousStrides();
        for (int src = 0; src < n; src++) {
            int dst = 0;
            for (int i = 0; i < r; i++) dst += idx[i] * cStrides[i];
            if (d != null) d[dst] = a.rawDoubles()[src];
            if (f != null) f[dst] = a.rawFloats()[src];
            if (l != null) l[dst] = a.rawLongs()[src];
            for (int i = 0; i < r; i++) { if (++idx[i] < dims[i]) break; idx[i] = 0; }
        }
        return new NpyArray(a.shape(), a.descr(), d, f, l);
    }

    /** Writes one array in NPY version 1.0. */
    public static void write(OutputStream out, NpyArray a) throws IOException {
        StringBuilder shape = new StringBuilder("(");
        int[] dims = a.shape().dims();
        for (int i = 0; i < dims.length; i++) shape.append(dims[i]).append(dims.length == 1 ? "," : i + 1 < dims.length ? ", " : "");
        shape.append(")");
        String dict = "{'descr': '" + a.descr() + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(MAGIC);
        head.write(1);
        head.write(0);
        int len = dict.length() + pad + 1;
        head.write(len & 0xff);
        head.write(len >> 8);
        head.write(dict.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < pad; i++) head.write(' ');
        head.write('\n');
        out.write(head.toByteArray());
        int n = a.shape().numel();
        int width = a.rawFloats() != null ? 4 : 8;
        ByteBuffer bb = ByteBuffer.allocate(n * width).order(ByteOrder.LITTLE_ENDIAN);
        if (a.rawDoubles() != null) bb.asDoubleBuffer().put(a.rawDoubles());
        else if (a.rawFloats() != null) bb.asFloatBuffer().put(a.rawFloats());
        else bb.asLongBuffer().put(a.rawLongs());
        out.write(bb.array());
    }

    public static void write(OutputStream out, Tensor t) throws IOException { write(out, NpyArray.of(t)); }
}
