package org.darts4j.nn.optim;

import java.util.List;
import org.darts4j.autograd.GradMode;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.UnaryOp;

/**
 * {@code clip_grad_norm_}: scales every gradient by min(1, maxNorm / (‖g‖₂ + 1e-6)), ‖g‖ over all of them. The norm and
 * the factor stay on the gradients' device (no wait for the device in a training step); a factor of exactly 1 leaves
 * the gradients' values unchanged.
 */
public final class GradClip {
    private GradClip() {}

    /** Returns the total norm before clipping, a scalar tensor on the gradients' device (null when no gradient). */
    public static Tensor clipNorm(List<Variable> params, double maxNorm) {
        try (var s = GradMode.noGrad()) {
            Tensor sq = null;
            for (Variable p : params) {
                if (p.grad() == null) continue;
                Tensor t = p.grad().data().square().sum();
                sq = sq == null ? t : sq.add(t);
            }
            if (sq == null) return null;
            Tensor norm = sq.sqrt();
            Tensor coef = norm.add(1e-6).unary(UnaryOp.RECIPROCAL).mul(maxNorm);
            coef = coef.neg().maximum(Tensor.fullLike(coef, -1)).neg();
            for (Variable p : params) if (p.grad() != null) p.setGrad(Variable.constant(p.grad().data().mul(coef)));
            return norm;
        }
    }
}
