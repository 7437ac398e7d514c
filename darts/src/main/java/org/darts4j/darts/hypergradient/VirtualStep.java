package org.darts4j.darts.hypergradient;

import java.util.List;
import org.darts4j.tensor.Tensor;

/**
 * The weight optimizer's next step, which the one-step estimators unroll: w′ = w − ξ(μ·m + ∇_w L_train(w, α) + λw),
 * with ξ the current learning rate of w, μ its momentum, m its momentum buffers (zeros before the first step; null
 * entries count as zeros) and λ its weight decay, as in the reference's {@code _compute_unrolled_model}.
 */
public record VirtualStep(double xi, double momentum, double weightDecay, List<Tensor> momentumBuffers) {}
