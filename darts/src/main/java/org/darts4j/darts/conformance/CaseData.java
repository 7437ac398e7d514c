package org.darts4j.darts.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.search.Primitive;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.NpyArray;

/** A case's JSON and arrays, read the same way by every kind: tensors, labels, name lists, genotypes. */
final class CaseData {
    final JsonNode spec;
    final Map<String, NpyArray> arrays;
    final DType dtype;
    final Backend backend;

    CaseData(JsonNode spec, Map<String, NpyArray> arrays, DType dtype, Backend backend) {
        this.spec = spec;
        this.arrays = arrays;
        this.dtype = dtype;
        this.backend = backend;
    }

    NpyArray array(String key) {
        NpyArray a = arrays.get(key);
        if (a == null) throw new IllegalArgumentException("array '" + key + "' is missing from the case's NPZ");
        return a;
    }

    /** The array {@code key} in the run's dtype on the run's backend. */
    Tensor tensor(String key) { return array(key).toTensor(dtype).to(backend); }

    /** Entry {@code t} along the first axis of {@code key} (a [T, ...] array of per-step inputs). */
    Tensor tensor(String key, int t) {
        NpyArray a = array(key);
        int[] dims = a.shape().dims();
        int[] rest = Arrays.copyOfRange(dims, 1, dims.length);
        int n = a.shape().numel() / dims[0];
        return Tensor.fromArray(dtype, Arrays.copyOfRange(a.values(), t * n, (t + 1) * n), rest).to(backend);
    }

    /** Class labels (int64 in the NPZ). */
    int[] labels(String key) { return ints(array(key).longs(), 0, array(key).shape().numel()); }

    /** Row {@code t} of a [T, N] label array. */
    int[] labels(String key, int t) {
        NpyArray a = array(key);
        int n = a.shape().dim(1);
        return ints(a.longs(), t * n, (t + 1) * n);
    }

    private static int[] ints(long[] l, int from, int to) {
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) out[i - from] = (int) l[i];
        return out;
    }

    /** A JSON list of strings. */
    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        spec.path(key).forEach(p -> out.add(p.asText()));
        return out;
    }

    /** Null when the case lists our primitives in our order, else why not. */
    String primitivesDiffer() {
        List<String> theirs = strings("primitives"), ours = Primitive.ALL.stream().map(Primitive::label).toList();
        return theirs.isEmpty() || theirs.equals(ours) ? null : "primitives " + theirs + " differ from ours " + ours;
    }

    /** Null when the two name sets agree, else which names each side lacks. */
    static String namesDiffer(String what, Set<String> ours, List<String> case_) {
        Set<String> theirs = new TreeSet<>(case_), mine = new TreeSet<>(ours);
        if (mine.equals(theirs)) return null;
        Set<String> missing = new TreeSet<>(theirs), extra = new TreeSet<>(mine);
        missing.removeAll(mine);
        extra.removeAll(theirs);
        return what + " names differ: the case has " + missing + ", we have " + extra;
    }

    /** A genotype stored as JSON: {@code {"normal": [[op, input], ...], "normal_concat": [...], ...}}. */
    static Genotype genotype(JsonNode g) {
        return new Genotype(genes(g.path("normal")), ints(g.path("normal_concat")), genes(g.path("reduce")), ints(g.path("reduce_concat")));
    }

    private static List<Genotype.Gene> genes(JsonNode a) {
        List<Genotype.Gene> out = new ArrayList<>();
        a.forEach(e -> out.add(new Genotype.Gene(Primitive.parse(e.get(0).asText()), e.get(1).asInt())));
        return out;
    }

    private static List<Integer> ints(JsonNode a) {
        List<Integer> out = new ArrayList<>();
        a.forEach(e -> out.add(e.asInt()));
        return out;
    }
}
