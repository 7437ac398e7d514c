package org.darts4j.nn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.darts4j.autograd.GradMode;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Tensor;

/**
 * {@code torch.optim.Adam} with L2 added to the gradient (not decoupled): {@code g = ∇w + λw},
 * {@code m = β₁m + (1−β₁)g}, {@code v = β₂v + (1−β₂)g²}, {@code w ← w − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)}.
 * DARTS trains α with it (lr 3e-4, β = (0.5, 0.999), λ = 1e-3).
 */
public final class Adam implements Optimizer {
    private final List<Variable> params;
    private final Tensor[] m, v;
    private final int[] steps;
    private final double beta1, beta2, eps, weightDecay;
    private double lr;

    public Adam(List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        if (lr < 0 || eps < 0 || weightDecay < 0 || beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1)
            throw new IllegalArgumentException("Adam: invalid hyperparameters lr=" + lr + " betas=(" + beta1 + ", " + beta2 + ") eps=" + eps + " weight_decay=" + weightDecay);
        this.params = List.copyOf(params);
        this.m = new Tensor[params.size()];
        this.v = new Tensor[params.size()];
        this.steps = new int[params.size()];
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override public void step() {
        try (var s = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Variable p = params.get(i);
                if (p.grad() == null) continue;
                Tensor w = p.data();
                Tensor g = p.grad().data();
                if (weightDecay != 0) g = g.add(w.mul(weightDecay));
                int t = ++steps[i];
                m[i] = m[i] == null ? g.mul(1 - beta1) : m[i].mul(beta1).add(g.mul(1 - beta1));
                v[i] = v[i] == null ? g.square().mul(1 - beta2) : v[i].mul(beta2).add(g.square().mul(1 - beta2));
                double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
                Tensor denom = v[i].sqrt().div(Math.sqrt(bc2)).add(eps);
                p.setData(w.sub(m[i].div(denom).mul(lr / bc1)));
            }
        }
    }

    @Override public List<Variable> parameters() { return params; }
    @Override public double lr() { return lr; }
    @Override public void setLr(double lr) { this.lr = lr; }

    @Override public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null) continue;
            s.put("state." + i + ".step", Tensor.scalar(DType.FLOAT64, steps[i]));
            s.put("state." + i + ".exp_avg", m[i]);
            s.put("state." + i + ".exp_avg_sq", v[i]);
        }
        return s;
    }

    @Override public void loadState(Map<String, Tensor> s) {
        for (int i = 0; i < m.length; i++) {
            Tensor a = s.get("state." + i + ".exp_avg"), b = s.get("state." + i + ".exp_avg_sq"), t = s.get("state." + i + ".step");
            if (a == null) { m[i] = null; v[i] = null; steps[i] = 0; continue; }
            if (b == null || t == null) throw new IllegalArgumentException("Adam state: entry " + i + " lacks exp_avg_sq or step");
            if (!a.shape().equals(params.get(i).shape()))
                throw new IllegalArgumentException("Adam state: exp_avg " + i + " has shape " + a.shape() + ", expected " + params.get(i).shape());
            m[i] = a.to(params.get(i).dtype()).to(params.get(i).data().backend()).copy();
            v[i] = b.to(params.get(i).dtype()).to(params.get(i).data().backend()).copy();
            steps[i] = (int) t.item();
        }
    }
}
