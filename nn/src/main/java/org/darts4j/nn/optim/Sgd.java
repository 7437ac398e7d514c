package org.darts4j.nn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.darts4j.autograd.GradMode;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Tensor;

/**
 * {@code torch.optim.SGD}: {@code g = ∇w + λw}; {@code buf = g} at the first step, then {@code buf = μ·buf + g};
 * the step is {@code g + μ·buf} with Nesterov momentum, else {@code buf}; {@code w ← w − lr·step}.
 */
public final class Sgd implements Optimizer {
    private final List<Variable> params;
    private final Tensor[] buffers;
    private final double momentum, weightDecay;
    private final boolean nesterov;
    private double lr;

    public Sgd(List<Variable> params, double lr, double momentum, double weightDecay, boolean nesterov) {
        if (lr < 0 || momentum < 0 || weightDecay < 0)
            throw new IllegalArgumentException("SGD: lr, momentum and weight decay must be non-negative, got " + lr + ", " + momentum + ", " + weightDecay);
        if (nesterov && momentum == 0) throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0");
        this.params = List.copyOf(params);
        this.buffers = new Tensor[params.size()];
        this.lr = lr;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    @Override public void step() {
        try (var s = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Variable p = params.get(i);
                if (p.grad() == null) continue;
                Tensor w = p.data();
                Tensor g = p.grad().data();
                if (weightDecay != 0) g = g.add(w.mul(weightDecay));
                if (momentum != 0) {
                    buffers[i] = buffers[i] == null ? g : buffers[i].mul(momentum).add(g);
                    g = nesterov ? g.add(buffers[i].mul(momentum)) : buffers[i];
                }
                p.setData(w.sub(g.mul(lr)));
            }
        }
    }

    @Override public List<Variable> parameters() { return params; }

    /** The momentum buffer of parameter i, or null before its first step. */
    public Tensor momentumBuffer(int i) { return buffers[i]; }

    public double momentum() { return momentum; }

    public double weightDecay() { return weightDecay; }
    @Override public double lr() { return lr; }
    @Override public void setLr(double lr) { this.lr = lr; }

    @Override public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (int i = 0; i < buffers.length; i++) if (buffers[i] != null) s.put("state." + i + ".momentum_buffer", buffers[i]);
        return s;
    }

    @Override public void loadState(Map<String, Tensor> s) {
        for (int i = 0; i < buffers.length; i++) {
            Tensor b = s.get("state." + i + ".momentum_buffer");
            if (b != null && !b.shape().equals(params.get(i).shape()))
                throw new IllegalArgumentException("SGD state: momentum buffer " + i + " has shape " + b.shape() + ", expected " + params.get(i).shape());
            buffers[i] = b == null ? null : b.to(params.get(i).dtype()).to(params.get(i).data().backend()).copy();
        }
    }
}
