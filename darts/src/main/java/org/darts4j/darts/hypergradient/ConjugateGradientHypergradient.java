package org.darts4j.darts.hypergradient;

import java.util.List;
import java.util.Locale;
import org.darts4j.tensor.Tensor;

/**
 * Implicit differentiation with A⁻¹ v from K steps of conjugate gradient on the damped system (Pedregosa 2016;
 * Rajeswaran et al. 2019), δ the damping:
 * <pre>
 *   (∇²_w L_train(w, α) + λI + δI) x = ∇_w L_val(w, α),   x₀ = 0, K iterations (fewer at relative residual 10⁻¹⁰)
 *   dL_val/dα ≈ ∇_α L_val(w, α) − ∇²_{α,w} L_train(w, α) · x
 * </pre>
 * Conjugate gradient needs a positive definite matrix: when a search direction p meets pᵀ(A + δI)p ≤ 0 the estimate
 * is refused with {@link HypergradientDivergedException}, naming the curvature met.
 */
public final class ConjugateGradientHypergradient extends ImplicitHypergradient {
    private final int k;
    private final double damping;

    public ConjugateGradientHypergradient(int k, double damping) {
        if (k < 1) throw new IllegalArgumentException("conjugate-gradient iterations K must be at least 1, got " + k);
        if (!(damping >= 0)) throw new IllegalArgumentException("conjugate-gradient damping must be ≥ 0, got " + damping);
        this.k = k;
        this.damping = damping;
    }

    @Override List<Tensor> solve(TrainHessian h, List<Tensor> v, VirtualStep s) {
        double shift = s.weightDecay() + damping;
        List<Tensor> x = Vectors.zerosLike(v), r = v, p = v;
        double rr = Vectors.dot(r, r), r0 = Math.sqrt(rr);
        for (int i = 0; i < k && Math.sqrt(rr) > 1e-10 * r0; i++) {
            List<Tensor> ap = h.shifted(p, shift);
            double pap = Vectors.dot(p, ap);
            if (!(pap > 0))
                throw new HypergradientDivergedException(String.format(Locale.ROOT, "conjugate gradient met non-positive curvature pᵀ(H + λI + δI)p = %.4g at iteration %d"
                        + " (δ = %g): the Hessian of L_train is not positive definite here; raise the damping (cg:%d:δ) or use neumann:K", pap, i + 1, damping, k));
            double a = rr / pap;
            x = Vectors.axpy(x, a, p);
            r = Vectors.axpy(r, -a, ap);
            double rrNew = Vectors.dot(r, r);
            p = Vectors.axpy(r, rrNew / rr, p);
            rr = rrNew;
        }
        return x;
    }

    public double damping() { return damping; }

    @Override public String name() { return "cg:" + k + (damping == 0 ? "" : ":" + damping); }
}
