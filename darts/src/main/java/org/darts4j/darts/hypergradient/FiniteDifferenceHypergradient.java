package org.darts4j.darts.hypergradient;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.GradMode;
import org.darts4j.tensor.Recycling;
import org.darts4j.tensor.Tensor;

/**
 * Second-order DARTS as the reference computes it (equations 7 and 8 of the paper): the gradient of the one-step
 * unrolled objective with its mixed second derivative replaced by a central finite difference,
 * <pre>
 *   w′ = w − ξ(μ·m + ∇_w L_train(w, α) + λw)
 *   v  = ∇_{w′} L_val(w′, α),    R = r / ‖v‖₂
 *   ∇_α L_val(w′, α) − ξ · [∇_α L_train(w + R v, α) − ∇_α L_train(w − R v, α)] / (2R)
 * </pre>
 * with r = 0.01 by default (the reference's fixed choice).
 */
public final class FiniteDifferenceHypergradient implements HypergradientEstimator {
    private final double r;

    public FiniteDifferenceHypergradient(double r) {
        if (!(r > 0)) throw new IllegalArgumentException("finite-difference step r must be positive, got " + r);
        this.r = r;
    }

    public double r() { return r; }

    @Override public Hypergradient estimate(BilevelProblem p, VirtualStep s) {
        Unrolling.AtVirtualWeights at = Unrolling.atVirtualWeights(p, s);
        List<Tensor> v = at.v(), w = Unrolling.values(p.weights());
        double norm = Vectors.norm(v);
        double big = norm > 0 ? r / norm : r;
        List<Tensor> plus = alphaGradAt(p, w, v, big), minus = alphaGradAt(p, w, v, -big);
        List<Tensor> out = new ArrayList<>();
        try (var mode = GradMode.noGrad()) {
            for (int i = 0; i < plus.size(); i++)
                out.add(at.alphaGrad().get(i).sub(plus.get(i).sub(minus.get(i)).mul(s.xi() / (2 * big))));
        }
        return new Hypergradient(out, at.valLoss());
    }

    /** ∇_α L_train(w + ε v, α), with w put back afterwards. */
    private static List<Tensor> alphaGradAt(BilevelProblem p, List<Tensor> w, List<Tensor> v, double eps) {
        List<Tensor> moved = new ArrayList<>();
        try (var mode = GradMode.noGrad()) {
            for (int i = 0; i < w.size(); i++) moved.add(w.get(i).add(v.get(i).mul(eps)));
        }
        Unrolling.set(p.weights(), moved);
        try (Recycling scope = Recycling.openStep()) {   // L_train's graph at w ± εv is used once
            return Unrolling.values(Autograd.gradFreeingGraph(p.trainLoss(), p.alphas()));
        } finally {
            Unrolling.set(p.weights(), w);
        }
    }

    @Override public String name() { return "fd:" + r; }
}
