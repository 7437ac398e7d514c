package org.darts4j.darts.sparsity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.run.CsvTable;
import org.darts4j.darts.search.Primitive;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;

/**
 * The sparsity of a search run, epoch by epoch, from its {@code alphas/epoch-NNN.npz} (p = softmax(α) per cell type,
 * [edges, 8]) and {@code genotypes.txt}:
 * <ul>
 *   <li>the entropy H(p_e) = −Σ_k p_{e,k} log p_{e,k} of every edge e (nats; log 8 ≈ 2.079 is uniform, 0 one-hot);</li>
 *   <li>the mass on parameter-free operations, Σ_{k ∈ {none, skip, max pool, avg pool}} p_{e,k}, averaged over the
 *       edges of the cell (uniform: 0.5), split into none, skip and pooling;</li>
 *   <li>the skip connections in the derived normal and reduction cells (DARTS collapse shows as a normal cell of skips).</li>
 * </ul>
 */
public record Sparsity(List<Epoch> epochs) {
    /** One cell type's numbers after one epoch. */
    public record Cell(double[] edgeEntropy, double none, double skip, double pooling) {
        public double meanEntropy() { return java.util.Arrays.stream(edgeEntropy).average().orElse(Double.NaN); }

        public double parameterFree() { return none + skip + pooling; }
    }

    /** The numbers after epoch {@code epoch}: normal and reduction cells, and skips in the derived cells. */
    public record Epoch(int epoch, Cell normal, Cell reduce, long normalSkips, long reduceSkips) {}

    /** Reads a search folder; an error names what is missing. */
    public static Sparsity of(Path runDir) throws IOException {
        Path alphas = runDir.resolve("alphas");
        if (!Files.isDirectory(alphas))
            throw new IOException(runDir + " is not a search folder with finished epochs: expected " + alphas + " (written after each epoch)");
        Map<Integer, Genotype> genotypes = new java.util.HashMap<>();
        Path gFile = runDir.resolve("genotypes.txt");
        if (Files.exists(gFile))
            for (String line : Files.readAllLines(gFile)) {
                int colon = line.indexOf(": ");
                if (line.startsWith("epoch ") && colon > 0) genotypes.put(Integer.parseInt(line.substring(6, colon)), Genotype.parse(line.substring(colon + 2)));
            }
        List<Epoch> epochs = new ArrayList<>();
        for (int e = 1; ; e++) {
            Path f = alphas.resolve(String.format(Locale.ROOT, "epoch-%03d.npz", e));
            if (!Files.exists(f)) break;
            Map<String, NpyArray> a = Npz.read(f);
            Genotype g = genotypes.get(e);
            epochs.add(new Epoch(e, cell(a, "softmax_alpha_normal", f), cell(a, "softmax_alpha_reduce", f),
                    g == null ? -1 : skips(g.normal()), g == null ? -1 : skips(g.reduce())));
        }
        if (epochs.isEmpty()) throw new IOException(alphas + " holds no epoch-001.npz: the search has not finished an epoch");
        return new Sparsity(epochs);
    }

    private static long skips(List<Genotype.Gene> genes) { return genes.stream().filter(x -> x.op() == Primitive.SKIP_CONNECT).count(); }

    static Cell cell(Map<String, NpyArray> a, String key, Path file) throws IOException {
        NpyArray p = a.get(key);
        if (p == null) throw new IOException(file + ": no array " + key);
        int ops = Primitive.ALL.size();
        double[] v = p.values();
        if (v.length % ops != 0) throw new IOException(file + ": " + key + " has " + v.length + " values, expected [edges, " + ops + "]");
        int edges = v.length / ops;
        double[] h = new double[edges];
        double none = 0, skip = 0, pool = 0;
        for (int e = 0; e < edges; e++) {
            for (int k = 0; k < ops; k++) {
                double q = v[e * ops + k];
                if (q > 0) h[e] -= q * Math.log(q);
                switch (Primitive.ALL.get(k)) {
                    case NONE -> none += q;
                    case SKIP_CONNECT -> skip += q;
                    case MAX_POOL_3X3, AVG_POOL_3X3 -> pool += q;
                    default -> { }
                }
            }
        }
        return new Cell(h, none / edges, skip / edges, pool / edges);
    }

    /** A row of {@code sparsity.csv}: one cell after one epoch. */
    record CellRow(int epoch, String cell, double meanEntropy, double parameterFreeMass, double noneMass, double skipMass, double poolingMass,
                   long derivedSkips) {}

    /** A row of {@code sparsity_edges.csv}: the entropy of softmax(α) on one edge. */
    record EdgeRow(int epoch, String cell, int edge, double entropy) {}

    public Epoch last() { return epochs.get(epochs.size() - 1); }

    /** {@code sparsity.csv} (per epoch and cell), {@code sparsity_edges.csv} (entropy per edge) and the plots. */
    public void write(Path runDir) throws IOException {
        List<CellRow> cells = new ArrayList<>();
        List<EdgeRow> edges = new ArrayList<>();
        for (Epoch ep : epochs) {
            for (int r = 0; r < 2; r++) {
                Cell c = r == 0 ? ep.normal() : ep.reduce();
                String name = r == 0 ? "normal" : "reduce";
                cells.add(new CellRow(ep.epoch(), name, c.meanEntropy(), c.parameterFree(), c.none(), c.skip(), c.pooling(), r == 0 ? ep.normalSkips() : ep.reduceSkips()));
                for (int k = 0; k < c.edgeEntropy().length; k++) edges.add(new EdgeRow(ep.epoch(), name, k, c.edgeEntropy()[k]));
            }
        }
        new CsvTable<>(CellRow.class).write(runDir.resolve("sparsity.csv"), cells);
        new CsvTable<>(EdgeRow.class).write(runDir.resolve("sparsity_edges.csv"), edges);
        SparsityPlots.write(runDir, this);
    }

    /** A Markdown table, one row per epoch. */
    public String table() {
        StringBuilder t = new StringBuilder("| epoch | mean H normal | mean H reduce | param-free mass normal (none/skip/pool) | param-free mass reduce | skips normal | skips reduce |\n");
        t.append("|---:|---:|---:|---|---|---:|---:|\n");
        for (Epoch ep : epochs)
            t.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f | %.3f (%.3f/%.3f/%.3f) | %.3f (%.3f/%.3f/%.3f) | %s | %s |%n", ep.epoch(), ep.normal().meanEntropy(),
                    ep.reduce().meanEntropy(), ep.normal().parameterFree(), ep.normal().none(), ep.normal().skip(), ep.normal().pooling(),
                    ep.reduce().parameterFree(), ep.reduce().none(), ep.reduce().skip(), ep.reduce().pooling(), n(ep.normalSkips()), n(ep.reduceSkips())));
        return t.toString();
    }

    private static String n(long v) { return v < 0 ? "" : Long.toString(v); }
}
