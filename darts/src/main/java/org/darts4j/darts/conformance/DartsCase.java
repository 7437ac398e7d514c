package org.darts4j.darts.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.hypergradient.BilevelProblem;
import org.darts4j.darts.hypergradient.ExactHypergradient;
import org.darts4j.darts.hypergradient.FiniteDifferenceHypergradient;
import org.darts4j.darts.hypergradient.FirstOrderHypergradient;
import org.darts4j.darts.hypergradient.Hypergradient;
import org.darts4j.darts.hypergradient.VirtualStep;
import org.darts4j.darts.search.Primitive;
import org.darts4j.darts.search.SearchNetwork;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.NpyArray;

/**
 * A case of kind {@code darts_supernet}: the reference search network of the case's configuration with the case's
 * weights and α, against the reference's logits, training loss, weight gradients, α-gradients of the training loss,
 * the three hypergradients, the unrolled validation loss and the derived genotype.
 */
final class DartsCase {
    private DartsCase() {}

    static CaseResult run(String name, JsonNode spec, Map<String, NpyArray> arrays, DType dtype, Backend backend) {
        List<String> primitives = new ArrayList<>();
        spec.path("primitives").forEach(p -> primitives.add(p.asText()));
        List<String> ours = Primitive.ALL.stream().map(Primitive::label).toList();
        if (!primitives.isEmpty() && !primitives.equals(ours))
            return new CaseResult(name, CaseResult.Status.FAIL, Double.NaN, "primitives " + primitives + " differ from ours " + ours);
        SearchNetwork.Config cfg = new SearchNetwork.Config(spec.path("in_channels").asInt(), spec.path("height").asInt(), spec.path("width").asInt(),
                spec.path("num_classes").asInt(), spec.path("C").asInt(), spec.path("layers").asInt(), spec.path("steps").asInt(4),
                spec.path("multiplier").asInt(4), spec.path("stem_multiplier").asInt(3));
        SearchNetwork net = new SearchNetwork(cfg, new Generator(0), dtype, false).to(backend);
        List<String> names = new ArrayList<>();
        spec.path("params").forEach(p -> names.add(p.asText()));
        Set<String> mine = new TreeSet<>(net.namedParameters().keySet()), theirs = new TreeSet<>(names);
        if (!mine.equals(theirs)) {
            Set<String> missing = new TreeSet<>(theirs), extra = new TreeSet<>(mine);
            missing.removeAll(mine);
            extra.removeAll(theirs);
            return new CaseResult(name, CaseResult.Status.FAIL, Double.NaN, "parameter names differ: the case has " + missing + ", we have " + extra);
        }
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String n : names) state.put(n, tensor(arrays, "param." + n, dtype, backend));
        net.loadStateDict(state, false);
        net.alphaNormal().setData(tensor(arrays, "alpha_normal", dtype, backend));
        net.alphaReduce().setData(tensor(arrays, "alpha_reduce", dtype, backend));
        Tensor xt = tensor(arrays, "x_train", dtype, backend), xv = tensor(arrays, "x_val", dtype, backend);
        int[] yt = labels(arrays, "y_train"), yv = labels(arrays, "y_val");
        BilevelProblem problem = new BilevelProblem() {
            @Override public List<Variable> weights() { return net.parameters(); }
            @Override public List<Variable> alphas() { return net.alphas(); }
            @Override public Variable trainLoss() { return F.crossEntropy(net.forward(Variable.constant(xt)), yt); }
            @Override public Variable valLoss() { return F.crossEntropy(net.forward(Variable.constant(xv)), yv); }
        };
        Tolerance tol = Tolerance.of(dtype, spec.path("rtol").asDouble(1e-8), spec.path("atol").asDouble(1e-10));
        Checks checks = new Checks(arrays, tol, backend);

        Variable logits = net.forward(Variable.constant(xt));
        Variable loss = F.crossEntropy(logits, yt);
        checks.compare("expect.logits_train", logits.data());
        checks.compare("expect.loss_train", loss.data());
        List<Variable> wrt = new ArrayList<>(net.parameters());
        wrt.addAll(net.alphas());
        List<Variable> g = Autograd.grad(loss, wrt, false);
        for (int i = 0; i < names.size(); i++) checks.compare("expect.grad." + names.get(i), g.get(i).data());
        checks.compare("expect.train_alpha_grad_normal", g.get(names.size()).data());
        checks.compare("expect.train_alpha_grad_reduce", g.get(names.size() + 1).data());

        List<Tensor> momentum = new ArrayList<>();
        for (String n : names) momentum.add(arrays.containsKey("momentum." + n) ? tensor(arrays, "momentum." + n, dtype, backend) : null);
        VirtualStep step = new VirtualStep(spec.path("eta").asDouble(), spec.path("momentum").asDouble(), spec.path("weight_decay").asDouble(), momentum);
        Hypergradient first = new FirstOrderHypergradient().estimate(problem, step);
        checks.compare("expect.hyper_first_order_normal", first.alphaGrads().get(0));
        checks.compare("expect.hyper_first_order_reduce", first.alphaGrads().get(1));
        Hypergradient exact = new ExactHypergradient().estimate(problem, step);
        checks.compare("expect.hyper_second_order_exact_normal", exact.alphaGrads().get(0));
        checks.compare("expect.hyper_second_order_exact_reduce", exact.alphaGrads().get(1));
        checks.compare("expect.loss_val_unrolled", Tensor.scalar(dtype, exact.valLoss()).to(backend));
        Hypergradient fd = new FiniteDifferenceHypergradient(spec.path("fd_r").asDouble(0.01)).estimate(problem, step);
        checks.compare("expect.hyper_second_order_fd_normal", fd.alphaGrads().get(0));
        checks.compare("expect.hyper_second_order_fd_reduce", fd.alphaGrads().get(1));

        if (spec.has("genotype")) {
            Genotype derived = Genotype.derive(F.softmax(net.alphaNormal(), -1).data(), F.softmax(net.alphaReduce(), -1).data(), cfg.steps(), cfg.multiplier());
            Genotype expected = fromJson(spec.path("genotype"));
            if (!derived.equals(expected)) checks.fail("genotype: derived " + derived + ", expected " + expected);
        }
        return checks.failure == null ? new CaseResult(name, CaseResult.Status.PASS, checks.worst, "")
                : new CaseResult(name, CaseResult.Status.FAIL, checks.worst, checks.failure);
    }

    /** Collects comparisons; keeps the largest error and the first failure. */
    private static final class Checks {
        private final Map<String, NpyArray> arrays;
        private final Tolerance tol;
        private final Backend backend;
        double worst;
        String failure;

        Checks(Map<String, NpyArray> arrays, Tolerance tol, Backend backend) { this.arrays = arrays; this.tol = tol; this.backend = backend; }

        void compare(String key, Tensor got) {
            NpyArray want = arrays.get(key);
            if (got.backend() != backend) { fail(key + ": computed on " + got.device() + ", not on " + backend.device()); return; }
            if (want == null) { fail(key + ": missing from the case's NPZ"); return; }
            if (!got.shape().equals(want.shape())) { fail(key + ": shape " + got.shape() + ", expected " + want.shape()); return; }
            double[] gv = got.to(DType.FLOAT64).toDoubleArray(), ev = want.values();
            Tolerance.Comparison c = tol.compare(gv, ev);
            worst = Math.max(worst, c.maxError());
            if (c.firstBad() >= 0) fail(key + "[" + c.firstBad() + "]: got " + gv[c.firstBad()] + ", expected " + ev[c.firstBad()]);
        }

        void fail(String message) { if (failure == null) failure = message; }
    }

    private static Genotype fromJson(JsonNode g) {
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

    private static Tensor tensor(Map<String, NpyArray> arrays, String key, DType dtype, Backend backend) {
        NpyArray a = arrays.get(key);
        if (a == null) throw new IllegalArgumentException("array '" + key + "' is missing from the case's NPZ");
        return a.toTensor(dtype).to(backend);
    }

    private static int[] labels(Map<String, NpyArray> arrays, String key) {
        NpyArray a = arrays.get(key);
        if (a == null) throw new IllegalArgumentException("array '" + key + "' is missing from the case's NPZ");
        long[] l = a.longs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) out[i] = (int) l[i];
        return out;
    }
}
