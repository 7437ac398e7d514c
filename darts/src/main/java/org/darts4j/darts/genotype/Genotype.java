package org.darts4j.darts.genotype;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.darts4j.darts.search.Primitive;
import org.darts4j.tensor.Tensor;

/**
 * A discrete cell architecture in the reference's form: for each intermediate node two (operation, input) pairs —
 * input 0 is c_{k-2}, 1 is c_{k-1}, 2.. the earlier nodes — and the nodes the cell's output concatenates.
 * {@link #toString()} prints, and {@link #parse} reads, the reference's text
 * {@code Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=[2, 3, 4, 5])}.
 */
public record Genotype(List<Gene> normal, List<Integer> normalConcat, List<Gene> reduce, List<Integer> reduceConcat) {
    /** One edge kept in the discrete cell. */
    public record Gene(Primitive op, int input) {}

    public Genotype {
        normal = List.copyOf(normal);
        normalConcat = List.copyOf(normalConcat);
        reduce = List.copyOf(reduce);
        reduceConcat = List.copyOf(reduceConcat);
    }

    private static final Pattern FIELD = Pattern.compile("\\s*(normal|normal_concat|reduce|reduce_concat)\\s*=\\s*");
    private static final Pattern RANGE = Pattern.compile("range\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    private static final Pattern GENE = Pattern.compile("\\(\\s*'([^']*)'\\s*,\\s*(-?\\d+)\\s*\\)");

    /** The published DARTS (first order) cell. */
    public static final Genotype DARTS_V1 = parse("Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), "
            + "('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], "
            + "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('max_pool_3x3', 0), ('skip_connect', 2), "
            + "('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=[2, 3, 4, 5])");

    /** The published DARTS (second order) cell. */
    public static final Genotype DARTS_V2 = parse("Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), "
            + "('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], "
            + "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), "
            + "('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])");

    /**
     * The reference's derivation from p = softmax(α) of each cell type, [edges, 8]: for every node the two incoming
     * edges whose strongest operation other than {@code none} is strongest (ties to the earlier edge), each with that
     * operation.
     */
    public static Genotype derive(Tensor pNormal, Tensor pReduce, int steps, int multiplier) {
        return new Genotype(parseCell(pNormal, steps), concat(steps, multiplier), parseCell(pReduce, steps), concat(steps, multiplier));
    }

    /** The states a cell concatenates: the last {@code multiplier} of 2 + {@code steps}. */
    private static List<Integer> concat(int steps, int multiplier) {
        List<Integer> concat = new ArrayList<>();
        for (int i = 2 + steps - multiplier; i < steps + 2; i++) concat.add(i);
        return concat;
    }

    private static List<Gene> parseCell(Tensor p, int steps) {
        int ops = p.size(1), none = Primitive.NONE.ordinal();
        double[] w = p.toDoubleArray();
        List<Gene> genes = new ArrayList<>();
        int start = 0, n = 2;
        for (int i = 0; i < steps; i++) {
            final int s = start;
            List<Integer> edges = new ArrayList<>();
            for (int j = 0; j < i + 2; j++) edges.add(j);
            edges.sort(Comparator.comparingDouble(j -> -strongest(w, (s + j) * ops, ops, none)));
            for (int j : edges.subList(0, 2)) {
                int best = -1;
                for (int k = 0; k < ops; k++) if (k != none && (best < 0 || w[(s + j) * ops + k] > w[(s + j) * ops + best])) best = k;
                genes.add(new Gene(Primitive.ALL.get(best), j));
            }
            start += n;
            n++;
        }
        return genes;
    }

    /**
     * GDAS' derivation (the authors' {@code genotype()}) from W = softmax(α) of each cell type, [edges, 8]: for every
     * node all pairs (input j, operation k ≠ {@code none}) ranked together by W[j, k], decreasing (ties: the earlier
     * input, then the earlier operation), the first two kept. Both genes of a node can come from one input.
     */
    public static Genotype deriveRanked(Tensor wNormal, Tensor wReduce, int steps, int multiplier) {
        return new Genotype(rankCell(wNormal, steps), concat(steps, multiplier), rankCell(wReduce, steps), concat(steps, multiplier));
    }

    private static List<Gene> rankCell(Tensor p, int steps) {
        int ops = p.size(1), none = Primitive.NONE.ordinal();
        double[] w = p.toDoubleArray();
        List<Gene> genes = new ArrayList<>();
        for (int i = 0, start = 0; i < steps; start += i + 2, i++) {
            List<int[]> pairs = new ArrayList<>();
            for (int j = 0; j < i + 2; j++) for (int k = 0; k < ops; k++) if (k != none) pairs.add(new int[] {j, k});
            final int s = start;
            pairs.sort(Comparator.comparingDouble(jk -> -w[(s + jk[0]) * ops + jk[1]]));
            for (int[] jk : pairs.subList(0, 2)) genes.add(new Gene(Primitive.ALL.get(jk[1]), jk[0]));
        }
        return genes;
    }

    private static double strongest(double[] w, int at, int ops, int none) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < ops; k++) if (k != none) m = Math.max(m, w[at + k]);
        return m;
    }

    /**
     * The genotype a command-line value names: {@code DARTS_V1} or {@code DARTS_V2} (the published cells), the
     * reference's text itself, a search run folder (its {@code genotype.txt}), or a file holding the text (or
     * {@code genotype.json} with its {@code text} field).
     */
    public static Genotype resolve(String spec) throws IOException {
        String s = spec.strip();
        if (s.equalsIgnoreCase("DARTS_V1")) return DARTS_V1;
        if (s.equalsIgnoreCase("DARTS_V2") || s.equalsIgnoreCase("DARTS")) return DARTS_V2;
        if (s.startsWith("Genotype(")) return parse(s);
        Path p = Path.of(s);
        if (Files.isDirectory(p)) {
            Path f = p.resolve("genotype.txt");
            if (!Files.isRegularFile(f))
                throw new IOException(p + " has no genotype.txt: expected a finished search folder, a genotype file, DARTS_V1 or DARTS_V2");
            p = f;
        } else if (!Files.isRegularFile(p))
            throw new IOException("genotype '" + spec + "': no such file or folder; expected DARTS_V1, DARTS_V2, Genotype(...) text, a genotype file or a search folder");
        String text = Files.readString(p);
        if (text.strip().startsWith("{")) {
            var node = new ObjectMapper().readTree(text).get("text");
            if (node == null) throw new IOException(p + ": a JSON genotype needs a \"text\" field holding Genotype(...)");
            text = node.asText();
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(p + ": " + e.getMessage());
        }
    }

    /** Number of skip connections in the normal cell (a symptom of DARTS collapse when it grows). */
    public long normalSkips() { return normal.stream().filter(g -> g.op() == Primitive.SKIP_CONNECT).count(); }

    @Override public String toString() {
        return "Genotype(normal=" + genes(normal) + ", normal_concat=" + normalConcat + ", reduce=" + genes(reduce) + ", reduce_concat=" + reduceConcat + ")";
    }

    private static String genes(List<Gene> g) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < g.size(); i++) sb.append(i > 0 ? ", " : "").append("('").append(g.get(i).op().label()).append("', ").append(g.get(i).input()).append(")");
        return sb.append("]").toString();
    }

    /** Reads the reference's text; an error names the position (character offset) and what was expected there. */
    public static Genotype parse(String text) {
        String t = text.strip();
        if (!t.startsWith("Genotype(") || !t.endsWith(")"))
            throw new IllegalArgumentException("genotype text at position 0: expected Genotype(normal=[...], normal_concat=[...], reduce=[...], reduce_concat=[...])");
        int base = text.indexOf("Genotype(") + "Genotype(".length();
        String body = t.substring("Genotype(".length(), t.length() - 1);
        List<Gene> normal = null, reduce = null;
        List<Integer> nc = null, rc = null;
        int pos = 0;
        while (pos < body.length()) {
            Matcher f = FIELD.matcher(body).region(pos, body.length());
            if (!f.lookingAt()) throw new IllegalArgumentException("genotype text at position " + (base + pos) + ": expected normal=, normal_concat=, reduce= or reduce_concat=");
            String name = f.group(1);
            int open = f.end();
            if (name.endsWith("concat")) {   // the reference's search prints concat=range(2, 6): nodes 2..5
                Matcher r = RANGE.matcher(body).region(open, body.length());
                if (r.lookingAt()) {
                    int a = Integer.parseInt(r.group(1)), b = Integer.parseInt(r.group(2));
                    if (b <= a) throw new IllegalArgumentException("genotype text at position " + (base + open) + ": empty " + r.group().strip());
                    List<Integer> ints = new ArrayList<>();
                    for (int k = a; k < b; k++) ints.add(k);
                    if (name.equals("normal_concat")) nc = ints; else rc = ints;
                    pos = r.end();
                    while (pos < body.length() && (body.charAt(pos) == ',' || Character.isWhitespace(body.charAt(pos)))) pos++;
                    continue;
                }
            }
            if (open >= body.length() || body.charAt(open) != '[')
                throw new IllegalArgumentException("genotype text at position " + (base + open) + ": expected '[' (or range(a, b) for a concat) after " + name + "=");
            int close = body.indexOf(']', open);
            if (close < 0) throw new IllegalArgumentException("genotype text at position " + (base + open) + ": unclosed '['");
            String list = body.substring(open + 1, close);
            if (name.endsWith("concat")) {
                List<Integer> ints = new ArrayList<>();
                for (String s : list.split(",")) {
                    if (s.isBlank()) continue;
                    try {
                        ints.add(Integer.parseInt(s.strip()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("genotype text at position " + (base + open + 1 + list.indexOf(s)) + ": '" + s.strip() + "' is not a node index");
                    }
                }
                if (name.equals("normal_concat")) nc = ints; else rc = ints;
            } else {
                List<Gene> genes = new ArrayList<>();
                Matcher g = GENE.matcher(list);
                int at = 0;
                while (at < list.length()) {
                    while (at < list.length() && (list.charAt(at) == ',' || Character.isWhitespace(list.charAt(at)))) at++;
                    if (at >= list.length()) break;
                    if (!g.region(at, list.length()).lookingAt())
                        throw new IllegalArgumentException("genotype text at position " + (base + open + 1 + at) + ": expected ('operation', input)");
                    Primitive op;
                    try {
                        op = Primitive.parse(g.group(1));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("genotype text at position " + (base + open + 1 + g.start(1)) + ": " + e.getMessage());
                    }
                    genes.add(new Gene(op, Integer.parseInt(g.group(2))));
                    at = g.end();
                }
                if (name.equals("normal")) normal = genes; else reduce = genes;
            }
            pos = close + 1;
            while (pos < body.length() && (body.charAt(pos) == ',' || Character.isWhitespace(body.charAt(pos)))) pos++;
        }
        if (normal == null || reduce == null || nc == null || rc == null)
            throw new IllegalArgumentException("genotype text: expected all of normal, normal_concat, reduce and reduce_concat");
        validate(normal, "normal");
        validate(reduce, "reduce");
        return new Genotype(normal, nc, reduce, rc);
    }

    private static void validate(List<Gene> genes, String cell) {
        if (genes.size() % 2 != 0) throw new IllegalArgumentException("genotype " + cell + " cell has " + genes.size() + " edges, expected two per node");
        for (int i = 0; i < genes.size(); i++) {
            int node = i / 2, input = genes.get(i).input();
            if (input < 0 || input >= node + 2)
                throw new IllegalArgumentException("genotype " + cell + " cell, edge " + i + ": input " + input + " is not before node " + (node + 2));
        }
    }
}
