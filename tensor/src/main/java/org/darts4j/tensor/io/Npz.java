package org.darts4j.tensor.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import java.io.ByteArrayOutputStream;

/** NumPy's {@code .npz}: a zip of {@code .npy} files, stored or deflated. Written atomically. */
public final class Npz {
    private Npz() {}

    /** Every array in the archive, by name (without {@code .npy}), in archive order. */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        if (!Files.exists(file)) throw new NpyFormatException(file + ": no such file");
        Map<String, NpyArray> out = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new NpyFormatException(file + ": not an NPZ archive (" + e.getMessage() + ")");
        } catch (NoSuchFileException e) {
            throw new NpyFormatException(file + ": no such file");
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) continue;
                String name = e.getName().substring(0, e.getName().length() - 4);
                try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(e), new CRC32())) {
                    out.put(name, Npy.read(in, file + ": entry '" + e.getName() + "'"));
                    // numpy writes the header and the data, nothing after: an entry that inflates further (a zip bomb
                    // behind a small array) is refused at its first extra byte
                    if (in.read() != -1)
                        throw new NpyFormatException(file + ": entry '" + e.getName() + "' holds more bytes than its array declares");
                    if (e.getCrc() != -1 && in.getChecksum().getValue() != e.getCrc())
                        throw new NpyFormatException(file + ": entry '" + e.getName() + "' is corrupt (its CRC-32 "
                                + Long.toHexString(in.getChecksum().getValue()) + " differs from the archive's " + Long.toHexString(e.getCrc()) + ")");
                } catch (ZipException ze) {
                    throw new NpyFormatException(file + ": entry '" + e.getName() + "' is corrupt (" + ze.getMessage() + ")");
                }
            }
        }
        return out;
    }

    /**
     * Writes the arrays (stored, uncompressed, like {@code numpy.savez}; sorted by name, with one fixed time stamp) to a
     * temporary file beside {@code file} and renames it into place, so that a reader never sees a half-written archive.
     */
    /** Every entry's time stamp (the earliest a ZIP can hold), so that identical arrays give identical archives. */
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        AtomicFile.write(file, tmp -> {
            try (OutputStream fo = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(fo)) {
                for (Map.Entry<String, NpyArray> a : new TreeMap<>(arrays).entrySet()) {   // sorted: the same bytes for the same content
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    Npy.write(bytes, a.getValue());
                    byte[] b = bytes.toByteArray();
                    ZipEntry e = new ZipEntry(a.getKey() + ".npy");
                    e.setMethod(ZipEntry.STORED);
                    e.setTimeLocal(FIXED_TIME);
                    e.setSize(b.length);
                    CRC32 crc = new CRC32();
                    crc.update(b);
                    e.setCrc(crc.getValue());
                    zip.putNextEntry(e);
                    zip.write(b);
                    zip.closeEntry();
                }
            }
        });
    }
}
