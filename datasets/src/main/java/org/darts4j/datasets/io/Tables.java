package org.darts4j.datasets.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.darts4j.datasets.DataFormatException;
import org.darts4j.datasets.InMemoryDataset;
import org.darts4j.datasets.Task;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.io.Npy;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.NpyFormatException;
import org.darts4j.tensor.io.Npz;

/** New data without new code: images and labels or targets in an NPZ archive, or a CSV table of numbers. */
public final class Tables {
    private Tables() {}

    /**
     * An NPZ with images under {@code x} or {@code images} ([N, C, H, W], [N, H, W] or [N, F]) and either integer
     * labels under {@code y} or {@code labels} (classification, classes 0..max) or float targets under {@code y} or
     * {@code targets} ([N] or [N, T], regression).
     */
    public static InMemoryDataset npz(Path file, String name) throws IOException {
        Map<String, NpyArray> a;
        try {
            a = Npz.read(file);
        } catch (NpyFormatException e) {
            throw new DataFormatException(e.getMessage());
        }
        return arrays(a, file.toString(), name);
    }

    /** Two NPY files: the images, and the labels (integers) or targets (floats), as in {@link #npz}. */
    public static InMemoryDataset npy(Path images, Path labelsOrTargets, String name) throws IOException {
        Map<String, NpyArray> a = new java.util.LinkedHashMap<>();
        try {
            a.put("x", Npy.read(images));
            a.put("y", Npy.read(labelsOrTargets));
        } catch (NpyFormatException e) {
            throw new DataFormatException(e.getMessage());
        }
        return arrays(a, images + " and " + labelsOrTargets, name);
    }

    private static InMemoryDataset arrays(Map<String, NpyArray> a, String file, String name) throws IOException {
        NpyArray x = a.containsKey("x") ? a.get("x") : a.get("images");
        if (x == null) throw new DataFormatException(file + ": no image array, expected one named 'x' or 'images' (found " + a.keySet() + ")");
        NpyArray y = a.containsKey("y") ? a.get("y") : a.containsKey("labels") ? a.get("labels") : a.get("targets");
        if (y == null) throw new DataFormatException(file + ": no label or target array, expected 'y', 'labels' or 'targets' (found " + a.keySet() + ")");
        int[] d = x.shape().dims();
        Shape image = switch (d.length) {
            case 4 -> Shape.of(d[1], d[2], d[3]);
            case 3 -> Shape.of(1, d[1], d[2]);
            case 2 -> Shape.of(1, 1, d[1]);
            default -> throw new DataFormatException(file + ": images have shape " + x.shape() + ", expected [N, C, H, W], [N, H, W] or [N, F]");
        };
        int n = d[0];
        if (y.shape().rank() == 0 || y.shape().dim(0) != n)
            throw new DataFormatException(file + ": " + n + " images but labels/targets of shape " + y.shape() + ": expected the same count first");
        double[] xv = x.values();
        float[] px = new float[xv.length];
        for (int i = 0; i < px.length; i++) px[i] = (float) xv[i];
        if (y.isInteger()) {
            long[] l = y.longs();
            if (y.shape().rank() != 1) throw new DataFormatException(file + ": integer labels have shape " + y.shape() + ", expected [N]");
            int[] labels = new int[n];
            int classes = 0;
            for (int i = 0; i < n; i++) {
                if (l[i] < 0 || l[i] >= maxClasses()) throw new DataFormatException(file + ": label " + l[i] + " of example " + i + " is not a class index (expected 0 to " + (maxClasses() - 1) + ")");
                labels[i] = (int) l[i];
                classes = Math.max(classes, labels[i] + 1);
            }
            return InMemoryDataset.classification(name, image, px, labels, Task.classification(classes, classNames(classes)));
        }
        int k = y.shape().rank() == 1 ? 1 : y.shape().numel() / n;
        double[] yv = y.values();
        float[] t = new float[yv.length];
        for (int i = 0; i < t.length; i++) t[i] = (float) yv[i];
        List<String> names = new ArrayList<>();
        for (int j = 0; j < k; j++) names.add("target_" + j);
        return InMemoryDataset.regression(name, image, px, t, Task.regression(names));
    }

    /** The system property that raises the bound on class labels (default {@value #DEFAULT_MAX_CLASSES} classes). */
    public static final String MAX_CLASSES_PROPERTY = "darts4j.maxClasses";
    public static final int DEFAULT_MAX_CLASSES = 10_000;

    /** Labels are class indices below this bound: a label of 2,000,000,000 would otherwise allocate per class. */
    public static int maxClasses() { return Integer.getInteger(MAX_CLASSES_PROPERTY, DEFAULT_MAX_CLASSES); }

    private static String firstNegative(List<float[]> y) {
        for (int i = 0; i < y.size(); i++) if (y.get(i)[0] < 0) return "line " + (i + 2) + ": " + (long) y.get(i)[0];
        return "";
    }

    /** Where a file stops being UTF-8: the first line holding a byte sequence that is not. */
    private static String firstBadLine(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            var dec = StandardCharsets.UTF_8.newDecoder();
            int line = 1, start = 0;
            for (int i = 0; i <= b.length; i++) {
                if (i == b.length || b[i] == '\n') {
                    try {
                        dec.decode(java.nio.ByteBuffer.wrap(b, start, i - start));
                    } catch (CharacterCodingException e) {
                        return "line " + line + " holds bytes that are not valid UTF-8, as Latin-1 text does";
                    }
                    line++;
                    start = i + 1;
                }
            }
        } catch (java.io.IOException e) {
            // the caller's message suffices
        }
        return "bytes that are not valid UTF-8";
    }

    /**
     * A CSV table with a header row. The {@code outputs} columns are the label (one column of whole numbers:
     * classification) or the targets (regression); when none are named, the last column is. Every other column is a
     * feature; the features form an image of {@code shape} (default [1, 1, F]).
     */
    public static InMemoryDataset csv(Path file, String name, List<String> outputs, boolean classification, Shape shape) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file + ": not UTF-8 text (" + firstBadLine(file) + "); save the table as UTF-8");
        }
        if (lines.isEmpty()) throw new DataFormatException(file + ": empty, expected a header row and data rows");
        String[] header = split(lines.get(0));
        for (int i = 0; i < header.length; i++)
            for (int j = 0; j < i; j++)
                if (header[i].strip().equals(header[j].strip()))
                    throw new DataFormatException(file + ": line 1 names column '" + header[i].strip() + "' twice (columns " + (j + 1) + " and " + (i + 1)
                            + "); expected distinct column names");
        List<String> outs = outputs == null || outputs.isEmpty() ? List.of(header[header.length - 1].strip()) : outputs;
        int[] outCols = new int[outs.size()];
        for (int i = 0; i < outCols.length; i++) {
            outCols[i] = indexOf(header, outs.get(i));
            if (outCols[i] < 0) throw new DataFormatException(file + ": line 1 has no column '" + outs.get(i) + "' (columns: " + Arrays.toString(header) + ")");
        }
        int features = header.length - outCols.length;
        Shape image = shape != null ? shape : Shape.of(1, 1, features);
        if (image.numel() != features)
            throw new DataFormatException(file + ": " + features + " feature columns do not fill images of shape " + image);
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.readLine();
            String line;
            int no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                String[] f = split(line);
                if (f.length != header.length)
                    throw new DataFormatException(file + ": line " + no + " has " + f.length + " columns, expected " + header.length + " as in the header");
                float[] xr = new float[features], yr = new float[outCols.length];
                int xi = 0;
                for (int c = 0; c < f.length; c++) {
                    float v;
                    try {
                        v = Float.parseFloat(f[c].strip());
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(file + ": line " + no + " column '" + header[c].strip() + "' is '" + f[c] + "', expected a number");
                    }
                    if (!Float.isFinite(v))
                        throw new DataFormatException(file + ": line " + no + " column '" + header[c].strip() + "' is '" + f[c].strip() + "', expected a finite number");
                    int o = indexOf(outCols, c);
                    if (o >= 0) yr[o] = v; else xr[xi++] = v;
                }
                x.add(xr);
                y.add(yr);
            }
        }
        if (x.isEmpty()) throw new DataFormatException(file + ": no data rows after the header");
        int n = x.size();
        float[] px = new float[n * features];
        for (int i = 0; i < n; i++) System.arraycopy(x.get(i), 0, px, i * features, features);
        boolean allWhole = outCols.length == 1 && y.stream().allMatch(v -> v[0] >= 0 && v[0] == Math.rint(v[0]));
        boolean unnamed = outputs == null || outputs.isEmpty();
        if (unnamed && !allWhole && outCols.length == 1 && y.stream().allMatch(v -> v[0] == Math.rint(v[0])))
            throw new DataFormatException(file + ": the last column '" + outs.get(0) + "' holds whole numbers and also negative ones (" + firstNegative(y)
                    + "): expected class indices 0, 1, ... for a label, or name it with --target to make it a regression target");
        if (classification || unnamed && allWhole) {
            if (!allWhole) throw new DataFormatException(file + ": label column '" + outs.get(0) + "' holds values that are not class indices 0, 1, ...");
            int[] labels = new int[n];
            int classes = 0;
            for (int i = 0; i < n; i++) {
                if (y.get(i)[0] >= maxClasses())
                    throw new DataFormatException(file + ": line " + (i + 2) + " has label " + (long) y.get(i)[0] + ", beyond the " + maxClasses()
                            + " classes allowed (class indices 0, 1, ...; raise the bound with -D" + MAX_CLASSES_PROPERTY + "=N in DARTS4J_JAVA_OPTS)");
                labels[i] = (int) y.get(i)[0];
                classes = Math.max(classes, labels[i] + 1);
            }
            return InMemoryDataset.classification(name, image, px, labels, Task.classification(classes, classNames(classes)));
        }
        float[] t = new float[n * outCols.length];
        for (int i = 0; i < n; i++) System.arraycopy(y.get(i), 0, t, i * outCols.length, outCols.length);
        return InMemoryDataset.regression(name, image, px, t, Task.regression(outs));
    }

    private static String[] split(String line) { return line.split(","); }

    private static int indexOf(String[] header, String name) {
        for (int i = 0; i < header.length; i++) if (header[i].strip().equals(name)) return i;
        return -1;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        return -1;
    }

    private static List<String> classNames(int n) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < n; i++) s.add(String.valueOf(i));
        return s;
    }
}
