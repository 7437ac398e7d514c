package org.darts4j.datasets.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.darts4j.datasets.DataFormatException;
import org.darts4j.datasets.InMemoryDataset;
import org.darts4j.datasets.Task;
import org.darts4j.tensor.Shape;

/**
 * The IDX format of MNIST and Fashion-MNIST ({@code *-idx3-ubyte} images, {@code *-idx1-ubyte} labels, gzipped or
 * raw): a big-endian magic {@code 0x0000 08 NN} (unsigned bytes, NN dimensions), NN big-endian sizes, then the data.
 */
public final class Idx {
    static final int IMAGES_MAGIC = 0x00000803, LABELS_MAGIC = 0x00000801;

    private Idx() {}

    /** The sizes and data of one IDX file after checking its magic and length. */
    record Array(int[] dims, byte[] bytes, int dataOffset) {}

    static Array read(Path file, int expectedMagic, String what) throws IOException {
        byte[] b = Bytes.readMaybeGzipped(file);
        if (b.length < 4) throw new DataFormatException(file + ": truncated at byte offset " + b.length + ": expected a 4-byte IDX magic number");
        int magic = readInt(b, 0);
        if (magic != expectedMagic)
            throw new DataFormatException(String.format(Locale.ROOT, "%s: bad magic number 0x%08x at offset 0, expected 0x%08x (IDX %s)", file, magic, expectedMagic, what));
        int nd = expectedMagic & 0xff;
        int header = 4 + 4 * nd;
        if (b.length < header)
            throw new DataFormatException(file + ": truncated at byte offset " + b.length + ": expected a " + header + "-byte header");
        int[] dims = new int[nd];
        long count = 1;
        for (int i = 0; i < nd; i++) {
            dims[i] = readInt(b, 4 + 4 * i);
            if (dims[i] < 0) throw new DataFormatException(file + ": negative size " + dims[i] + " at offset " + (4 + 4 * i));
            count *= dims[i];
        }
        if (b.length - header < count)
            throw new DataFormatException(file + ": truncated at byte offset " + b.length + ": expected " + count + " bytes of data for sizes "
                    + Arrays.toString(dims) + " after the header, found " + (b.length - header));
        return new Array(dims, b, header);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    /** Images [N, rows, cols] and their labels as a 1-channel data set with classes named {@code classNames}. */
    public static InMemoryDataset load(String name, Path images, Path labels, List<String> classNames) throws IOException {
        Array im = read(images, IMAGES_MAGIC, "images, 3 dimensions of unsigned bytes");
        Array lb = read(labels, LABELS_MAGIC, "labels, 1 dimension of unsigned bytes");
        int n = im.dims()[0];
        if (lb.dims()[0] != n)
            throw new DataFormatException(images + " holds " + n + " images but " + labels + " holds " + lb.dims()[0] + " labels: expected the same count");
        int h = im.dims()[1], w = im.dims()[2];
        byte[] px = Arrays.copyOfRange(im.bytes(), im.dataOffset(), im.dataOffset() + n * h * w);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = lb.bytes()[lb.dataOffset() + i] & 0xff;
            if (y[i] >= classNames.size())
                throw new DataFormatException(labels + ": label " + y[i] + " at byte offset " + (lb.dataOffset() + i)
                        + " is not a class, expected 0-" + (classNames.size() - 1));
        }
        return InMemoryDataset.ofBytes(name, Shape.of(1, h, w), px, y, Task.classification(classNames.size(), classNames));
    }
}
