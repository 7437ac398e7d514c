package org.darts4j.datasets.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.darts4j.datasets.DataFormatException;
import org.darts4j.datasets.InMemoryDataset;
import org.darts4j.datasets.Task;
import org.darts4j.tensor.Shape;

/**
 * CIFAR-10's binary version: {@code data_batch_1.bin} .. {@code data_batch_5.bin} (training) and
 * {@code test_batch.bin}, records of one label byte and 3072 pixel bytes (1024 red, 1024 green, 1024 blue, row-major
 * 32x32), read from the extracted folder or straight from {@code cifar-10-binary.tar.gz}.
 */
public final class Cifar10 {
    public static final int RECORD = 3073;
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_FILE = "test_batch.bin";

    private Cifar10() {}

    /** The files of a split, from a folder ({@code cifar-10-batches-bin} or its parent) or the tar.gz archive. */
    public static InMemoryDataset load(Path source, boolean train) throws IOException {
        List<String> names = train ? TRAIN_FILES : List.of(TEST_FILE);
        List<Object[]> parts = new ArrayList<>();
        if (Files.isDirectory(source)) {
            Path dir = Files.isDirectory(source.resolve("cifar-10-batches-bin")) ? source.resolve("cifar-10-batches-bin") : source;
            for (String n : names) {
                Path f = dir.resolve(n);
                if (!Files.exists(f)) throw new DataFormatException(f + ": no such file (CIFAR-10 " + (train ? "training" : "test") + " batch)");
                parts.add(new Object[] {f.toString(), Files.readAllBytes(f)});
            }
        } else {
            Map<String, byte[]> files;
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(source), 1 << 16), 1 << 16)) {
                files = Tar.read(in, source.toString(), e -> names.contains(Path.of(e).getFileName().toString()));
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new DataFormatException(source + ": corrupt or truncated gzip archive (" + e.getMessage() + ")");
            }
            for (String n : names) {
                byte[] data = files.entrySet().stream().filter(e -> Path.of(e.getKey()).getFileName().toString().equals(n))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                if (data == null) throw new DataFormatException(source + ": archive has no entry " + n);
                parts.add(new Object[] {source + "!" + n, data});
            }
        }
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        List<Integer> labels = new ArrayList<>();
        for (Object[] p : parts) decode((String) p[0], (byte[]) p[1], pixels, labels);
        // the published batches all hold 10,000 records: one shorter than the others was cut at a record boundary
        for (Object[] p : parts)
            if (((byte[]) p[1]).length != ((byte[]) parts.get(0)[1]).length)
                throw new DataFormatException(p[0] + ": " + ((byte[]) p[1]).length / RECORD + " records, but " + parts.get(0)[0] + " holds "
                        + ((byte[]) parts.get(0)[1]).length / RECORD + ": expected every training batch to hold as many (the file is truncated?)");
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return InMemoryDataset.ofBytes(train ? "cifar10/train" : "cifar10/test", Shape.of(3, 32, 32), pixels.toByteArray(), y,
                Task.classification(10, CLASSES));
    }

    static void decode(String file, byte[] b, ByteArrayOutputStream pixels, List<Integer> labels) throws DataFormatException {
        if (b.length == 0)
            throw new DataFormatException(file + ": empty, expected records of 1 label byte and 3072 pixel bytes (10,000 in a published batch)");
        if (b.length % RECORD != 0)
            throw new DataFormatException(file + ": size " + b.length + " bytes is not a multiple of " + RECORD
                    + " (1 label byte + 3072 pixel bytes per record); the file is truncated or not a CIFAR-10 batch");
        for (int r = 0; r < b.length / RECORD; r++) {
            int at = r * RECORD, label = b[at] & 0xff;
            if (label > 9)
                throw new DataFormatException(file + ": record " + r + " at byte offset " + at + " has label " + label + ", expected 0-9");
            labels.add(label);
            pixels.write(b, at + 1, RECORD - 1);
        }
    }
}
