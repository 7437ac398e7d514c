package org.darts4j.darts.evaluation;

import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;

/**
 * Drop path (Larsson et al. 2017, as the reference's {@code utils.drop_path}): during training each example's output of
 * an operation is kept with probability 1 − p and scaled by 1/(1 − p), or zeroed, so that the expectation is unchanged:
 * y_n = x_n · m_n / (1 − p), m_n ~ Bernoulli(1 − p), one draw per example shared by all its channels and pixels.
 */
final class DropPath {
    private DropPath() {}

    static Variable apply(Variable x, double p, Generator g) {
        if (p <= 0) return x;
        Tensor mask = Tensor.uniform(g, x.dtype(), 0, 1, x.size(0), 1, 1, 1).gt(p).div(1 - p);
        return x.mul(Variable.constant(mask.to(x.data().backend())));
    }
}
