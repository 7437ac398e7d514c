package org.darts4j.darts.hypergradient;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.nn.optim.Sgd;
import org.darts4j.tensor.Tensor;

/**
 * The weight optimizer's next step, which the one-step estimators unroll: w′ = w − ξ(μ·m + ∇_w L_train(w, α) + λw),
 * with ξ the current learning rate of w, μ its momentum, m its momentum buffers (zeros before the first step; null
 * entries count as zeros) and λ its weight decay, as in the reference's {@code _compute_unrolled_model}.
 */
public record VirtualStep(double xi, double momentum, double weightDecay, List<Tensor> momentumBuffers) {
    /** The next step of {@code sgd} as it stands: its learning rate as ξ, its momentum, weight decay and buffers. */
    public static VirtualStep of(Sgd sgd) {
        List<Tensor> m = new ArrayList<>();
        for (int i = 0; i < sgd.parameters().size(); i++) m.add(sgd.momentumBuffer(i));
        return new VirtualStep(sgd.lr(), sgd.momentum(), sgd.weightDecay(), m);
    }
}
