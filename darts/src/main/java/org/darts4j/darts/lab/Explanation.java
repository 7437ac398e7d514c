package org.darts4j.darts.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.hypergradient.BilevelProblem;
import org.darts4j.darts.hypergradient.ExactHypergradient;
import org.darts4j.darts.hypergradient.FiniteDifferenceHypergradient;
import org.darts4j.darts.hypergradient.FirstOrderHypergradient;
import org.darts4j.darts.hypergradient.VirtualStep;
import org.darts4j.darts.search.MixedOp;
import org.darts4j.darts.search.Primitive;
import org.darts4j.darts.search.SearchNetwork;
import org.darts4j.tensor.Tensor;

/**
 * Equation 7 of the DARTS paper on real numbers, for chosen α entries: every term of the one-step hypergradient
 * <pre>  dL_val/dα ≈ ∇_α L_val(w′, α) − ξ ∇²_{α,w} L_train(w, α) ∇_{w′} L_val(w′, α)</pre>
 * (the mixed term by double backpropagation and by the finite difference), and the decomposition of an edge's
 * gradient through the softmax: with ō = Σ_k p_k o_k the edge's output and p = softmax(α_edge),
 * <pre>  ∂L/∂α_k = p_k Σ_cells ⟨∂L/∂ō, o_k − ō⟩</pre>
 * summed over the cells that share the edge's α row (o_none = 0).
 */
public final class Explanation {
    private Explanation() {}

    /** An α entry: cell kind, edge (0-13) and operation, written {@code normal:3:sep_conv_3x3}. */
    public record Entry(boolean reduce, int edge, Primitive op) {
        public static Entry parse(String s, int edges) {
            String[] f = s.split(":", -1);
            if (f.length != 3 || !(f[0].equals("normal") || f[0].equals("reduce")))
                throw new IllegalArgumentException("bad α entry '" + s + "': expected normal|reduce:EDGE:OPERATION, e.g. normal:3:sep_conv_3x3");
            int e;
            try {
                e = Integer.parseInt(f[1]);
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("bad edge in α entry '" + s + "': expected a number 0-" + (edges - 1));
            }
            if (e < 0 || e >= edges) throw new IllegalArgumentException("edge " + e + " in α entry '" + s + "' is out of range: expected 0-" + (edges - 1));
            return new Entry(f[0].equals("reduce"), e, Primitive.parse(f[2]));
        }

        String cell() { return reduce ? "reduce" : "normal"; }
    }

    /** "node 1 ← c_{k-1}" for an edge number (4 intermediate nodes: edges 0-1, 2-4, 5-8, 9-13). */
    static String edgeName(int e) {
        int node = 0, offset = 0;
        while (e >= offset + node + 2) {
            offset += node + 2;
            node++;
        }
        int j = e - offset;
        return "node " + node + " ← " + (j == 0 ? "c_{k-2}" : j == 1 ? "c_{k-1}" : "node " + (j - 2));
    }

    public static String explain(LabState s, List<Entry> entries, double r) {
        BilevelProblem p = s.problem(0);
        VirtualStep step = s.step();
        Runnable restore = s.network().saveBuffers();
        List<Tensor> firstOrder = new FirstOrderHypergradient().estimate(p, step).alphaGrads();
        restore.run();
        ExactHypergradient.Terms t = new ExactHypergradient().terms(p, step);
        restore.run();
        List<Tensor> fd = new FiniteDifferenceHypergradient(r).estimate(p, step).alphaGrads();
        restore.run();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "State: %s; batch pair 0; ξ = %.6g; w′ = w − ξ(μ·m + ∇_w L_train(w, α) + λw) with μ = %g, λ = %g%n%n",
                s.description(), t.xi(), step.momentum(), step.weightDecay()));
        for (Entry e : entries) {
            int i = e.reduce() ? 1 : 0, k = e.edge() * Primitive.ALL.size() + Primitive.ALL.indexOf(e.op());
            double first = at(t.first(), i, k), mixed = at(t.mixed(), i, k), total = at(t.hypergradient(), i, k), f = at(fd, i, k);
            double fdMixed = (first - f) / t.xi();
            out.append(String.format(Locale.ROOT, "α_%s[edge %d: %s][%s] = %.6g%n", e.cell(), e.edge(), edgeName(e.edge()), e.op().label(),
                    at(List.of(s.network().alphaNormal().data(), s.network().alphaReduce().data()), i, k)));
            out.append(String.format(Locale.ROOT, "  first order       ∇_α L_val(w, α)                         = %+.6e%n", at(firstOrder, i, k)));
            out.append(String.format(Locale.ROOT, "  first term        ∇_α L_val(w′, α)                        = %+.6e%n", first));
            out.append(String.format(Locale.ROOT, "  mixed term        ∇²_{α,w} L_train(w, α) · v  (exact)     = %+.6e%n", mixed));
            out.append(String.format(Locale.ROOT, "  mixed term        finite difference, r = %-8g          = %+.6e%n", r, fdMixed));
            out.append(String.format(Locale.ROOT, "  ξ                                                         = %.6g%n", t.xi()));
            out.append(String.format(Locale.ROOT, "  −ξ · mixed (exact)                                        = %+.6e%n", -t.xi() * mixed));
            out.append(String.format(Locale.ROOT, "  hypergradient     first − ξ·mixed (exact)                 = %+.6e%n", total));
            out.append(String.format(Locale.ROOT, "  hypergradient     first − ξ·mixed (finite difference)     = %+.6e%n%n", f));
        }
        for (Entry e : entries.stream().map(x -> new Entry(x.reduce(), x.edge(), Primitive.NONE)).distinct().toList()) {
            out.append(decomposition(s, p, e.reduce(), e.edge(), firstOrder.get(e.reduce() ? 1 : 0)));
            restore.run();
        }
        return out.toString();
    }

    private static double at(List<Tensor> l, int i, int k) { return l.get(i).toDoubleArray()[k]; }

    /** ∂L_val/∂α_k = p_k Σ_cells ⟨∂L/∂ō, o_k − ō⟩ for every operation of one edge, at w, against autograd. */
    static String decomposition(LabState s, BilevelProblem p, boolean reduce, int edge, Tensor autogradAlpha) {
        SearchNetwork net = s.network();
        List<MixedOp> ops = net.edge(reduce, edge);
        List<Variable[]> seen = new ArrayList<>();
        ops.forEach(o -> o.record(seen::add));
        Variable loss;
        try {
            loss = p.valLoss();
        } finally {
            ops.forEach(o -> o.record(null));
        }
        List<Variable> means = seen.stream().map(v -> v[Primitive.ALL.size()]).toList();
        List<Variable> dMean = Autograd.grad(loss, means, false);
        Tensor alphaRow = (reduce ? net.alphaReduce() : net.alphaNormal()).data();
        int n = Primitive.ALL.size();
        double[] a = alphaRow.toDoubleArray(), pk = F.softmax(Variable.constant(Tensor.of(java.util.Arrays.copyOfRange(a, edge * n, edge * n + n), n)), -1)
                .data().toDoubleArray(), ag = autogradAlpha.toDoubleArray();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Edge %d of the %s cells (%s), %d cells share it: ∂L_val/∂α_k = p_k Σ_cells ⟨∂L/∂ō, o_k − ō⟩ at w%n", edge, reduce ? "reduction" : "normal",
                edgeName(edge), ops.size()));
        out.append(String.format(Locale.ROOT, "  %-14s %10s %16s %16s %16s%n", "operation", "p_k", "Σ⟨∂L/∂ō, o_k−ō⟩", "product", "autograd"));
        double worst = 0;
        for (int k = 0; k < n; k++) {
            double inner = 0;
            for (int c = 0; c < seen.size(); c++) {
                Tensor mean = means.get(c).data(), g = dMean.get(c).data();
                Tensor diff = seen.get(c)[k] == null ? mean.neg() : seen.get(c)[k].data().sub(mean);
                inner += g.mul(diff).sum().item();
            }
            double product = pk[k] * inner, auto = ag[edge * n + k];
            worst = Math.max(worst, Math.abs(product - auto));
            out.append(String.format(Locale.ROOT, "  %-14s %10.6f %+16.6e %+16.6e %+16.6e%n", Primitive.ALL.get(k).label(), pk[k], inner, product, auto));
        }
        out.append(String.format(Locale.ROOT, "  largest difference from autograd: %.2e%n%n", worst));
        return out.toString();
    }
}
