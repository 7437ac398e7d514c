package org.darts4j.darts.hypergradient;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.GradMode;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Recycling;
import org.darts4j.tensor.Tensor;

/**
 * What the one-step estimators share: the virtual step to w′, and the gradients of L_val there. The weights are moved
 * by setting their values and put back afterwards: no copy of the model is made.
 */
final class Unrolling {
    private Unrolling() {}

    /** At w′: v = ∇_{w′} L_val(w′, α), the first term ∇_α L_val(w′, α), and L_val(w′, α). */
    record AtVirtualWeights(List<Tensor> v, List<Tensor> alphaGrad, double valLoss) {}

    static List<Tensor> values(List<Variable> vs) {
        List<Tensor> t = new ArrayList<>();
        for (Variable v : vs) t.add(v.data());
        return t;
    }

    static void set(List<Variable> vs, List<Tensor> values) {
        for (int i = 0; i < vs.size(); i++) vs.get(i).setData(values.get(i));
    }

    /** w′ = w − ξ(μ·m + ∇_w L_train(w, α) + λw). */
    static List<Tensor> virtualWeights(BilevelProblem p, VirtualStep s) {
        List<Variable> w = p.weights();
        List<Variable> g;
        try (Recycling scope = Recycling.openStep()) {   // L_train's graph is used once: its values go back as the pass consumes them
            g = Autograd.gradFreeingGraph(p.trainLoss(), w);
        }
        List<Tensor> out = new ArrayList<>(w.size());
        try (var mode = GradMode.noGrad()) {
            for (int i = 0; i < w.size(); i++) {
                Tensor wi = w.get(i).data();
                Tensor step = g.get(i).data().add(wi.mul(s.weightDecay()));
                Tensor m = s.momentumBuffers() == null ? null : s.momentumBuffers().get(i);
                if (m != null && s.momentum() != 0) step = step.add(m.mul(s.momentum()));
                out.add(wi.sub(step.mul(s.xi())));
            }
        }
        return out;
    }

    /** Moves to w′, takes the gradients of L_val there, and moves back to w. */
    static AtVirtualWeights atVirtualWeights(BilevelProblem p, VirtualStep s) {
        List<Variable> w = p.weights(), a = p.alphas();
        List<Tensor> saved = values(w);
        set(w, virtualWeights(p, s));
        try (Recycling scope = Recycling.openStep()) {   // likewise L_val's graph at w′
            Variable lv = p.valLoss();
            List<Variable> all = new ArrayList<>(w);
            all.addAll(a);
            List<Variable> g = Autograd.gradFreeingGraph(lv, all);
            return new AtVirtualWeights(values(g.subList(0, w.size())), values(g.subList(w.size(), all.size())), lv.item());
        } finally {
            set(w, saved);
        }
    }
}
