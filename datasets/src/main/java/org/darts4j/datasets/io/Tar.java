package org.darts4j.datasets.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.darts4j.datasets.DataFormatException;

/** A minimal reader of (ustar or GNU) tar streams: the regular files whose names a filter accepts. */
final class Tar {
    private Tar() {}

    static Map<String, byte[]> read(InputStream in, String source, Predicate<String> wanted) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] header = new byte[512];
        long offset = 0;
        String longName = null;
        while (true) {
            int got = in.readNBytes(header, 0, 512);
            if (got == 0) break;
            if (got < 512) throw new DataFormatException(source + ": truncated tar header at byte offset " + offset);
            offset += 512;
            if (isZero(header)) break;
            String name = longName != null ? longName : field(header, 0, 100);
            longName = null;
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty() && header[257] == 'u') name = prefix + "/" + name;
            long size = octal(header, 124, 12, source, offset - 512);
            char type = (char) header[156];
            if (size > Integer.MAX_VALUE - 8 || type == 'L' && size > 1 << 16)
                throw new DataFormatException(source + ": tar entry '" + name + "' at byte offset " + (offset - 512) + " declares " + size
                        + " bytes, more than " + (type == 'L' ? "a file name takes (64 KiB)" : "one entry of a data set holds (2 GiB)") + "; the archive is damaged");
            long padded = (size + 511) / 512 * 512;
            if (type == 'L') {
                byte[] n = in.readNBytes((int) padded);
                longName = new String(n, 0, (int) Math.min(size, n.length), StandardCharsets.UTF_8).replace("\0", "");
            } else if ((type == '0' || type == 0) && wanted.test(name)) {
                byte[] data = in.readNBytes((int) size);
                if (data.length < size)
                    throw new DataFormatException(source + ": truncated tar entry '" + name + "' at byte offset " + (offset + data.length)
                            + ": expected " + size + " bytes");
                in.skipNBytes(padded - size);
                files.put(name, data);
            } else {
                long skipped = in.skip(padded);
                while (skipped < padded) {
                    if (in.read() < 0) throw new DataFormatException(source + ": truncated tar entry '" + name + "' at byte offset " + (offset + skipped));
                    skipped++;
                }
            }
            offset += padded;
        }
        return files;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static String field(byte[] b, int at, int len) {
        int end = at;
        while (end < at + len && b[end] != 0) end++;
        return new String(b, at, end - at, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int at, int len, String source, long headerOffset) throws DataFormatException {
        String s = field(b, at, len).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new DataFormatException(source + ": bad tar header at byte offset " + headerOffset + " (size field '" + s + "')");
        }
    }
}
