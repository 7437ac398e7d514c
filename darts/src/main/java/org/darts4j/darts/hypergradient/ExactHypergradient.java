package org.darts4j.darts.hypergradient;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.autograd.GradMode;
import org.darts4j.tensor.Tensor;

/**
 * The exact gradient of the one-step unrolled objective L_val(w′(α), α), the mixed second derivative computed by
 * double backpropagation instead of finite differences:
 * <pre>
 *   w′ = w − ξ(μ·m + ∇_w L_train(w, α) + λw),    v = ∇_{w′} L_val(w′, α)
 *   d/dα L_val(w′(α), α) = ∇_α L_val(w′, α) − ξ · ∇²_{α,w} L_train(w, α) · v
 *                        = ∇_α L_val(w′, α) − ξ · ∇_α ⟨∇_w L_train(w, α), v⟩
 * </pre>
 */
public final class ExactHypergradient implements HypergradientEstimator {
    @Override public Hypergradient estimate(BilevelProblem p, VirtualStep s) {
        Terms t = terms(p, s);
        return new Hypergradient(t.hypergradient(), t.valLoss());
    }

    /**
     * The terms of the one-step hypergradient, as equation 7 of the paper writes it: {@code first} = ∇_α L_val(w′, α),
     * {@code mixed} = ∇²_{α,w} L_train(w, α) · v, ξ, and {@code hypergradient} = first − ξ·mixed; L_val(w′, α).
     */
    public record Terms(List<Tensor> first, List<Tensor> mixed, double xi, List<Tensor> hypergradient, double valLoss) {}

    public Terms terms(BilevelProblem p, VirtualStep s) {
        Unrolling.AtVirtualWeights at = Unrolling.atVirtualWeights(p, s);
        List<Tensor> mixed = new TrainHessian(p).mixed(at.v());   // ∇_α ⟨∇_w L_train(w, α), v⟩, v held constant
        List<Tensor> out = new ArrayList<>();
        try (var mode = GradMode.noGrad()) {
            for (int i = 0; i < mixed.size(); i++) out.add(at.alphaGrad().get(i).sub(mixed.get(i).mul(s.xi())));
        }
        return new Terms(at.alphaGrad(), mixed, s.xi(), out, at.valLoss());
    }

    @Override public String name() { return "exact"; }
}
