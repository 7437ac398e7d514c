package org.darts4j.darts.run;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.darts4j.tensor.io.AtomicFile;

/**
 * A CSV table of a run folder ({@code metrics.csv}, {@code alphas.csv}) whose columns are the components of a record,
 * written and read by name (Apache Commons CSV): a component {@code trainLoss} is the column {@code train_loss}, and a component whose name ends in
 * {@code Metric} takes the run's metric instead ({@code trainMetric} is {@code train_accuracy} or {@code train_r2}).
 * Numbers are written in {@link Locale#ROOT} with each component's {@link Format} ({@code %.6f} for a double, unless
 * annotated); NaN is an empty field and reads back as NaN. Reading looks every column up by its name, so a file whose
 * columns come in another order, or with more columns, still reads; a missing column is refused in one line.
 *
 * @param <R> the row record
 */
public final class CsvTable<R extends Record> {
    /** The {@link String#format} pattern of a numeric component. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD, ElementType.FIELD})
    public @interface Format { String value(); }

    private final Class<R> type;
    private final RecordComponent[] components;
    private final String[] columns;
    private final Constructor<R> constructor;

    /** The table of {@code type}. */
    public CsvTable(Class<R> type) { this(type, "metric"); }

    /** The table of {@code type}, whose {@code …Metric} components are named after {@code metric} ("accuracy", "r2"). */
    public CsvTable(Class<R> type, String metric) {
        this.type = type;
        this.components = type.getRecordComponents();
        this.columns = Arrays.stream(components).map(c -> column(c.getName(), metric)).toArray(String[]::new);
        try {
            this.constructor = type.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new));
            constructor.setAccessible(true);   // a run's row records may be private to its package
            for (RecordComponent c : components) c.getAccessor().setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(type + " has no canonical constructor", e);
        }
    }

    /**
     * The table of {@code type} that {@code file} holds, for the first of {@code metrics} whose columns its header has
     * (a reader that does not know whether a run classified or regressed).
     */
    public static <R extends Record> CsvTable<R> of(Class<R> type, Path file, String... metrics) throws IOException {
        List<String> header;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            header = p.getHeaderNames();
        }
        for (String m : metrics) {
            CsvTable<R> t = new CsvTable<>(type, m);
            if (header.containsAll(t.columns())) return t;
        }
        throw new IOException(file + " is not a table of " + type.getSimpleName() + " for any of the metrics " + String.join(", ", metrics)
                + " (its columns: " + String.join(",", header) + ")");
    }

    /** The header, in the record's component order. */
    public List<String> columns() { return List.of(columns); }

    /** {@code trainLoss} → {@code train_loss}; {@code valMetric} → {@code val_<metric>}. */
    static String column(String component, String metric) {
        String name = component.endsWith("Metric") && component.length() > 6 ? component.substring(0, component.length() - 6) + "_" + metric : component;
        StringBuilder s = new StringBuilder();
        for (char ch : name.toCharArray()) {
            if (Character.isUpperCase(ch)) s.append('_').append(Character.toLowerCase(ch));
            else s.append(ch);
        }
        return s.toString();
    }

    /** Writes {@code rows} to {@code file} atomically (a crash leaves the old file or the new one). */
    public void write(Path file, List<R> rows) throws IOException {
        AtomicFile.write(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                 CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(columns).get())) {
                for (R row : rows) {
                    List<String> fields = new ArrayList<>(components.length);
                    for (RecordComponent c : components) fields.add(format(c, value(c, row)));
                    p.printRecord(fields);
                }
            }
        });
    }

    /** The rows of {@code file} (none when it does not exist); at most {@code limit} of them, from the first. */
    public List<R> read(Path file, int limit) throws IOException {
        List<R> rows = new ArrayList<>();
        if (!Files.exists(file)) return rows;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            for (String col : columns)
                if (!p.getHeaderMap().containsKey(col))
                    throw new IOException(file + " has no column " + col + " (its columns: " + String.join(",", p.getHeaderNames()) + "; expected " + String.join(",", columns) + ")");
            for (CSVRecord rec : p) {
                if (rows.size() >= limit) break;
                Object[] args = new Object[components.length];
                for (int i = 0; i < components.length; i++) args[i] = parse(components[i].getType(), rec.get(columns[i]), file, rec.getRecordNumber() + 1, columns[i]);
                rows.add(construct(args));
            }
        }
        return rows;
    }

    /** All the rows of {@code file}. */
    public List<R> read(Path file) throws IOException { return read(file, Integer.MAX_VALUE); }

    private R construct(Object[] args) {
        try {
            return constructor.newInstance(args);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot make a " + type.getSimpleName() + " of " + Arrays.toString(args), e);
        }
    }

    private static Object value(RecordComponent c, Object row) {
        try {
            return c.getAccessor().invoke(row);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    private static String format(RecordComponent c, Object v) {
        if (v instanceof Double d && d.isNaN()) return "";
        Format f = c.getAnnotation(Format.class);
        if (f != null) return String.format(Locale.ROOT, f.value(), v);
        if (v instanceof Double) return String.format(Locale.ROOT, "%.6f", v);
        return String.valueOf(v);
    }

    private static Object parse(Class<?> t, String field, Path file, long line, String column) throws IOException {
        try {
            if (t == double.class) return field.isEmpty() ? Double.NaN : Double.parseDouble(field);
            if (t == int.class) return Integer.parseInt(field);
            if (t == long.class) return Long.parseLong(field);
            if (t == String.class) return field;
            if (t == boolean.class) return Boolean.parseBoolean(field);
        } catch (NumberFormatException e) {
            throw new IOException(file + " line " + line + ": " + column + " is '" + field + "', expected a number");
        }
        throw new AssertionError("no CSV form for " + t);
    }
}
