package org.darts4j.darts.hypergradient;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Tensor;

/**
 * T-step unrolled differentiation: the exact gradient of L_val after T steps of the weight optimizer (SGD with
 * momentum μ, weight decay λ, rate ξ) on the current training batch, starting from the optimizer's momentum m₀:
 * <pre>
 *   m_{t+1} = μ m_t + ∇_w L_train(w_t, α) + λ w_t,    w_{t+1} = w_t − ξ m_{t+1},   t = 0 … T−1
 *   dL_val(w_T(α), α)/dα
 * </pre>
 * computed in reverse (backpropagation through the T steps) with Hessian-vector products, keeping only w₀ … w_T:
 * <pre>
 *   w̄ = ∇_w L_val(w_T, α),  m̄ = 0,  ᾱ = ∇_α L_val(w_T, α)
 *   for t = T−1 … 0:  u = m̄ − ξ w̄;   ᾱ += ∇²_{α,w} L_train(w_t, α) u;   w̄ += ∇²_w L_train(w_t, α) u + λu;   m̄ = μu
 * </pre>
 * T = 1 is the exact one-step DARTS hypergradient.
 */
public final class UnrolledHypergradient implements HypergradientEstimator {
    private final int t;

    public UnrolledHypergradient(int steps) {
        if (steps < 1) throw new IllegalArgumentException("unrolled steps T must be at least 1, got " + steps);
        this.t = steps;
    }

    @Override public Hypergradient estimate(BilevelProblem p, VirtualStep s) {
        List<Variable> w = p.weights(), a = p.alphas();
        List<Tensor> w0 = Unrolling.values(w);
        List<List<Tensor>> path = new ArrayList<>();
        List<Tensor> m = new ArrayList<>();
        for (int i = 0; i < w0.size(); i++) {
            Tensor mi = s.momentumBuffers() == null ? null : s.momentumBuffers().get(i);
            m.add(mi == null || s.momentum() == 0 ? Tensor.zerosLike(w0.get(i)) : mi);
        }
        try {
            List<Tensor> wt = w0;
            for (int step = 0; step < t; step++) {
                path.add(wt);
                List<Tensor> g = Unrolling.values(Autograd.grad(p.trainLoss(), w, false));
                m = Vectors.axpy(Vectors.axpy(g, s.momentum(), m), s.weightDecay(), wt);
                wt = Vectors.axpy(wt, -s.xi(), m);
                Unrolling.set(w, wt);
            }
            Variable lv = p.valLoss();
            List<Variable> wrt = new ArrayList<>(w);
            wrt.addAll(a);
            List<Tensor> g = Unrolling.values(Autograd.grad(lv, wrt, false));
            List<Tensor> wBar = g.subList(0, w.size()), mBar = Vectors.zerosLike(wBar), aBar = g.subList(w.size(), g.size());
            for (int step = t - 1; step >= 0; step--) {
                Unrolling.set(w, path.get(step));
                List<Tensor> u = Vectors.axpy(mBar, -s.xi(), wBar);
                TrainHessian.Products hu = new TrainHessian(p).times(u);
                aBar = Vectors.axpy(aBar, 1, hu.alphaW());
                wBar = Vectors.axpy(Vectors.axpy(wBar, 1, hu.ww()), s.weightDecay(), u);
                mBar = Vectors.scale(u, s.momentum());
            }
            return new Hypergradient(aBar, lv.item());
        } finally {
            Unrolling.set(w, w0);
        }
    }

    @Override public String name() { return "unroll:" + t; }
}
