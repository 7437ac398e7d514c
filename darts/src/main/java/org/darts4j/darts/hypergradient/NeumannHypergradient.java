package org.darts4j.darts.hypergradient;

import java.util.List;
import org.darts4j.tensor.Tensor;

/**
 * Implicit differentiation with A⁻¹ approximated by a truncated Neumann series (Lorraine, Vicol and Duvenaud, 2020),
 * with ξ the weights' learning rate:
 * <pre>
 *   A⁻¹ v ≈ ξ Σ_{j=0}^{K} (I − ξA)^j v,    A = ∇²_w L_train(w, α) + λI,   v = ∇_w L_val(w, α)
 *   dL_val/dα ≈ ∇_α L_val(w, α) − ∇²_{α,w} L_train(w, α) · ξ Σ_{j=0}^{K} (I − ξA)^j v
 * </pre>
 * K = 0 is the one-step DARTS correction taken at w instead of w′. The series converges when every eigenvalue of ξA
 * lies in (0, 2); a term that grows by more than 10⁴ over ‖v‖ is reported as divergence.
 */
public final class NeumannHypergradient extends ImplicitHypergradient {
    private final int k;

    public NeumannHypergradient(int k) {
        if (k < 0) throw new IllegalArgumentException("Neumann terms K must be at least 0, got " + k);
        this.k = k;
    }

    @Override List<Tensor> solve(TrainHessian h, List<Tensor> v, VirtualStep s) {
        double xi = s.xi(), nv = Vectors.norm(v);
        List<Tensor> term = v, sum = v;
        for (int j = 1; j <= k; j++) {
            term = Vectors.axpy(term, -xi, h.shifted(term, s.weightDecay()));
            double nt = Vectors.norm(term);
            if (!Double.isFinite(nt) || nt > 1e4 * nv)
                throw new HypergradientDivergedException("the Neumann series diverges: term " + j + " has norm " + nt + " against ‖v‖ = " + nv
                        + " (ξ = " + xi + " times the curvature of L_train leaves (0, 2)); use fewer terms or cg:K");
            sum = Vectors.axpy(sum, 1, term);
        }
        return Vectors.scale(sum, xi);
    }

    @Override public String name() { return "neumann:" + k; }
}
