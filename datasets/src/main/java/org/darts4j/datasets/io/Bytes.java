package org.darts4j.datasets.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.darts4j.datasets.DataFormatException;

/** Whole-file reads, gunzipping transparently (by the gzip magic bytes, whatever the file is called). */
final class Bytes {
    private Bytes() {}

    static byte[] readMaybeGzipped(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                try (InputStream gz = new GZIPInputStream(raw, 1 << 16)) {
                    return gz.readAllBytes();
                } catch (java.io.EOFException | ZipException e) {
                    throw new DataFormatException(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")");
                }
            }
            return raw.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file");
        }
    }
}
