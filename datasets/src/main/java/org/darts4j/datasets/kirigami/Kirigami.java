package org.darts4j.datasets.kirigami;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.darts4j.datasets.DataFormatException;
import org.darts4j.datasets.Dataset;
import org.darts4j.datasets.InMemoryDataset;
import org.darts4j.datasets.Task;

/**
 * The graphene kirigami data of Hanakata, Cubuk, Campbell and Park (PRL 121, 255304, 2018), file
 * {@code 15grid_shuffled.dat}: whitespace-separated rows of 18 columns, 0-14 the 3x5 cut grid (row-major, 1 = no cut,
 * 0 = cut), 15 yield strain, 16 toughness, 17 yield stress. The rows are pre-shuffled by the authors, so splits are
 * by position (80/20 by default).
 */
public final class Kirigami {
    /** {@code git hash-object} of the published file. */
    public static final String PUBLISHED_BLOB_ID = "bc4e427076b37ae737c3f1570b6c36a0c1efa99e";
    public static final String FILE_NAME = "15grid_shuffled.dat";
    public static final List<String> TARGETS = List.of("yield_strain", "toughness", "yield_stress");
    public static final int COLUMNS = 18;

    private Kirigami() {}

    /** The rows of a file: 15 grid values and 3 targets each. */
    public record Table(String source, float[] grids, float[] targets, int rows) {}

    /**
     * Reads a file and checks it against the published blob id, calling {@code warn} with a one-line message when it
     * differs (a subset, a re-export or another version of the data).
     */
    public static Table read(Path file, Consumer<String> warn) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file");
        }
        String id = gitBlobId(bytes);
        if (!id.equals(PUBLISHED_BLOB_ID))
            warn.accept(file + ": git blob id " + id + " differs from the published " + FILE_NAME + " (" + PUBLISHED_BLOB_ID
                    + "); using it anyway");
        return parse(new String(bytes, StandardCharsets.US_ASCII), file.toString());
    }

    /** The id {@code git hash-object} prints: SHA-1 of {@code "blob <size>\0"} followed by the content. */
    public static String gitBlobId(byte[] content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-1");
            sha.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    static Table parse(String text, String source) throws DataFormatException {
        List<float[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                String[] f = t.split("\\s+");
                if (f.length != COLUMNS)
                    throw new DataFormatException(source + ": line " + no + " has " + f.length + " columns, expected " + COLUMNS
                            + " (15 grid cells, yield strain, toughness, yield stress)");
                float[] v = new float[COLUMNS];
                for (int c = 0; c < COLUMNS; c++) {
                    try {
                        v[c] = Float.parseFloat(f[c]);
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(source + ": line " + no + " column " + c + " is '" + f[c] + "', expected a number");
                    }
                    if (c < KirigamiView.CELLS && v[c] != 0 && v[c] != 1)
                        throw new DataFormatException(source + ": line " + no + " column " + c + " is " + f[c] + ", expected a grid cell of 0 (cut) or 1 (no cut)");
                }
                rows.add(v);
            }
        } catch (IOException e) {
            throw new DataFormatException(source + ": " + e.getMessage());
        }
        if (rows.isEmpty()) throw new DataFormatException(source + ": no data rows, expected rows of " + COLUMNS + " columns");
        float[] grids = new float[rows.size() * KirigamiView.CELLS], targets = new float[rows.size() * 3];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, grids, i * KirigamiView.CELLS, KirigamiView.CELLS);
            System.arraycopy(rows.get(i), KirigamiView.CELLS, targets, i * 3, 3);
        }
        return new Table(source, grids, targets, rows.size());
    }

    /** Column indices (0 = yield strain, 1 = toughness, 2 = yield stress) from names; default yield strain. */
    public static int[] targetColumns(List<String> names) {
        if (names == null || names.isEmpty()) return new int[] {0};
        int[] cols = new int[names.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = TARGETS.indexOf(names.get(i).toLowerCase().replace('-', '_').replace(' ', '_'));
            if (cols[i] < 0) throw new IllegalArgumentException("unknown kirigami target '" + names.get(i) + "': expected one of " + TARGETS);
        }
        return cols;
    }

    /** The rows [from, to) of a table as a regression data set of images in {@code view} with the chosen targets. */
    public static Dataset dataset(String name, Table t, KirigamiView view, int[] targetCols, int from, int to) {
        int n = to - from, per = view.shape().numel();
        float[] px = new float[n * per], y = new float[n * targetCols.length];
        for (int i = 0; i < n; i++) {
            view.render(t.grids(), (from + i) * KirigamiView.CELLS, px, i * per);
            for (int j = 0; j < targetCols.length; j++) y[i * targetCols.length + j] = t.targets()[(from + i) * 3 + targetCols[j]];
        }
        List<String> names = new ArrayList<>();
        for (int c : targetCols) names.add(TARGETS.get(c));
        return InMemoryDataset.regression(name, view.shape(), px, y, Task.regression(names));
    }

    /** The first {@code floor(trainFraction · rows)} rows for training, the rest for testing (the authors shuffled). */
    public static int trainRows(Table t, double trainFraction) {
        if (!(trainFraction > 0 && trainFraction < 1)) throw new IllegalArgumentException("train fraction must be in (0, 1), got " + trainFraction);
        return (int) Math.floor(trainFraction * t.rows());
    }
}
