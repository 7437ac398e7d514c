package org.darts4j.darts.hypergradient;

import java.util.List;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.GradMode;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Tensor;

/**
 * What the implicit-function estimators share. If w is a stationary point of the inner objective
 * L_train(w, α) + (λ/2)‖w‖² (λ the weight decay), the implicit function theorem gives
 * <pre>
 *   A = ∇²_w L_train(w, α) + λI,    v = ∇_w L_val(w, α)
 *   dL_val(w*(α), α)/dα = ∇_α L_val(w, α) − ∇²_{α,w} L_train(w, α) · A⁻¹ v
 * </pre>
 * Subclasses differ in how they approximate x ≈ A⁻¹ v; everything is evaluated at the current weights (no virtual step).
 */
abstract class ImplicitHypergradient implements HypergradientEstimator {
    /** An approximation of A⁻¹ v, with A = ∇²_w L_train + λI given as products through {@code h}. */
    abstract List<Tensor> solve(TrainHessian h, List<Tensor> v, VirtualStep s);

    @Override public final Hypergradient estimate(BilevelProblem p, VirtualStep s) {
        List<Variable> w = p.weights();
        Variable lv = p.valLoss();
        List<Variable> wrt = new java.util.ArrayList<>(w);
        wrt.addAll(p.alphas());
        List<Tensor> g = Unrolling.values(Autograd.grad(lv, wrt, false));
        List<Tensor> v = g.subList(0, w.size()), direct = g.subList(w.size(), g.size());
        TrainHessian h = new TrainHessian(p);
        List<Tensor> x = solve(h, v, s);
        List<Tensor> mixed = h.mixed(x);
        try (var mode = GradMode.noGrad()) {
            return new Hypergradient(Vectors.axpy(direct, -1, mixed), lv.item());
        }
    }
}
